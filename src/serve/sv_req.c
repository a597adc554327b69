/* sv_req.c — one request's store connection and form fields. */
#include <string.h>

#include "serve_priv.h"

sqlite3 *sv_req_db(sv_req *r)
{
    if (!r->db) r->db = sv_db_open(r->srv->o.bureau);
    return r->db;
}

const char *sv_field(const sv_req *r, const char *key)
{
    for (int i = 0; i < r->nfields; i++)
        if (!strcmp(r->key[i], key)) return r->val[i];
    return NULL;
}
