#!/usr/bin/env python3
"""test_load_small.py — load.py at a small scale, for correctness only (no
timing is asserted; `make bench` runs it at the issue's scale): 5 clerks
upload 2 versions each at once, and no request is lost (every upload
answered and checked, every acknowledged version stored with its bytes
under its sha256); 8 departments (3 of them with a version copied in the
store) are submitted, approved and published, the set holding each one's
PDF; `budgetpdf batch` of the same workbooks makes the same PDFs."""
import load


def main():
    res = load.run(clerks=5, versions=2, npublish=8, jobs=2)
    load.check(res["serve_uploads"] == 10, "10 uploads timed to their findings")
    print(" ".join(f"{k}={v}" for k, v in res.items()))


if __name__ == "__main__":
    main()
