/* test_dlist.c — the display list's own operations: dl_insert_pages (the
 * check report's summary pages in front) moves the pages after the
 * insertion and every page index pointing at them (links, outlines,
 * labels, provenance sources), and leaves the ones before alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dlist.h"

static void insert_pages_moves_every_page_index(void **state)
{
    (void)state;
    bp_arena a;
    bp_arena_init(&a);
    bp_doc doc;
    dl_init(&doc, &a);
    doc.provenance = true;
    for (int i = 0; i < 3; i++)
        dl_add_page(&doc, 100 + i, 200);
    dl_link(&doc, dl_page(&doc, 0), 0, 0, 10, 10, 2);      /* contents page → page 2 */
    dl_link_to(&doc, dl_page(&doc, 2), 0, 0, 1, 1, 0, 50); /* back to page 0 */
    dl_outline(&doc, "a", 0, 0);
    dl_outline(&doc, "b", 2, 1);
    dl_label(&doc, 0, BP_LABEL_ROMAN, NULL, 1);
    dl_label(&doc, 1, BP_LABEL_DECIMAL, NULL, 1);
    dl_source(&doc, dl_page(&doc, 2), (bp_dl_source){1, 2, 3, 4, 0, 5, 6, 7, 1, 1, 0, 0});
    dl_insert_pages(&doc, 1, 2, 50, 60);
    assert_int_equal(dl_page_count(&doc), 5);
    const double widths[] = {100, 50, 50, 101, 102};
    for (int i = 0; i < 5; i++)
        assert_true(dl_page(&doc, i)->width == widths[i]);
    assert_int_equal(dl_page(&doc, 1)->items.n, 0);
    const bp_dl_item *l0 = dl_page(&doc, 0)->items.items;
    assert_int_equal(l0->target, 4);
    const bp_dl_item *l4 = dl_page(&doc, 4)->items.items;
    assert_int_equal(l4->target, 0); /* before the insertion: unchanged */
    assert_true(l4->dest_y == 50);
    const bp_outline *o = doc.outlines.items;
    assert_int_equal(o[0].page, 0);
    assert_int_equal(o[1].page, 4);
    const bp_label *lb = doc.labels.items;
    assert_int_equal(lb[0].page, 0);
    assert_int_equal(lb[1].page, 3);
    const bp_dl_source *s = doc.sources.items;
    assert_int_equal(s[0].page, 4);
    assert_int_equal(s[0].table, 5);
    /* the new pages take items like any other */
    dl_mark(&doc, dl_page(&doc, 1), 0, 0, 5, 5, BP_MARK_WRONG, 1.5);
    dl_note(&doc, dl_page(&doc, 2), 0, 0, 5, 5, BP_MARK_QUIET, "注");
    assert_int_equal(dl_page(&doc, 1)->items.n, 1);
    const bp_dl_item *n = dl_page(&doc, 2)->items.items;
    assert_int_equal(n->kind, BP_DL_NOTE);
    assert_int_equal(n->len, 3);
    bp_arena_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(insert_pages_moves_every_page_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
