/* role.h — font roles: the kinds of text a layout names a font for. Layout
 * sets and font profiles name a family list per role, the text stage
 * resolves them and the display list refers to roles only. The one table
 * of role names lives in role.c. */
#ifndef BP_ROLE_H
#define BP_ROLE_H

typedef enum {
    BP_ROLE_BODY = 0, /* 宋体-style face for table text */
    BP_ROLE_TITLE,    /* 黑体-style face for titles */
    BP_ROLE_NUMBER,   /* amounts (default: the body's families) */
    BP_ROLE_NOTE,     /* notes under tables (default: the body's families) */
    BP_ROLE_TEXT,     /* 仿宋-style body of the document's text parts (default: the body's) */
    BP_ROLE_KAI,      /* 楷体-style sub-headings of the text parts (default: the body's) */
    BP_ROLE_COUNT
} bp_role;

/* "body", "title", "number", "note", "text", "kai"; "?" for anything else. */
const char *role_name(int role);
/* The role named name, or -1. */
int role_from_name(const char *name);
/* The role names in order, NULL-terminated (for YAML key lists). */
extern const char *const bp_role_names[BP_ROLE_COUNT + 1];

#endif
