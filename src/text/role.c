/* role.c — the names of the font roles (role.h), written once. */
#include "role.h"

#include <string.h>

const char *const bp_role_names[BP_ROLE_COUNT + 1] = {"body", "title", "number", "note",
                                                      "text", "kai",   NULL};

const char *role_name(int role)
{
    return role >= 0 && role < BP_ROLE_COUNT ? bp_role_names[role] : "?";
}

int role_from_name(const char *name)
{
    for (int r = 0; r < BP_ROLE_COUNT; r++)
        if (name && strcmp(name, bp_role_names[r]) == 0) return r;
    return -1;
}
