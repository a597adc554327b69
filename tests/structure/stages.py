#!/usr/bin/env python3
"""stages.py — the shape of src/ (docs/architecture.md, "Stages"), checked.

The stages and the stages each may use are read from CMakeLists.txt's
bp_stage() lines, the one place they are declared. Then:

1. src/ has no source file at its top level: every file is in a stage.
2. No include leaves its stage by a path ("../", "/"): a stage reaches
   another's headers only through the include path CMake gives it.
3. Every quoted include of a stage's file names a header of that stage or
   of a stage below it (the build refuses the others too; this names them).
4. The structure drawing, from the built objects (nm): a file calls only
   functions of its own stage or of stages below it, and no files call
   each other in a circle, within a stage or across stages.

Usage: stages.py SRC_DIR BUILD_DIR. Exit 1 with every violation listed.
"""
import collections
import glob
import os
import re
import subprocess
import sys


def read_stages(src):
    """{name: (dir, [below...])} from CMakeLists.txt's bp_stage lines."""
    text = open(os.path.join(src, "CMakeLists.txt"), encoding="utf-8").read()
    stages = {}
    for m in re.finditer(r"^bp_stage\(([^)]*)\)", text, re.M):
        parts = m.group(1).split()
        if parts[0] == "name":  # the function's own definition
            continue
        stages[parts[0]] = (parts[1], parts[2:])
    return stages


def below_closure(stages):
    """{name: set of stages it may use, itself included}."""
    memo = {}

    def walk(n):
        if n not in memo:
            memo[n] = {n}
            for b in stages[n][1]:
                memo[n] |= walk(b)
        return memo[n]

    for n in stages:
        walk(n)
    return memo


def stage_of_path(stages, rel):
    """The stage whose folder holds rel (the deepest folder wins)."""
    best, depth = None, -1
    for n, (d, _) in stages.items():
        if os.path.dirname(rel) == d and d.count("/") > depth:
            best, depth = n, d.count("/")
    return best


def check_sources(src, stages, may):
    errors = []
    top = [f for f in os.listdir(os.path.join(src, "src")) if f.endswith((".c", ".h"))]
    for f in top:
        errors.append(f"src/{f}: a file outside every stage folder")
    headers = {}
    files = glob.glob(os.path.join(src, "src", "**", "*.[ch]"), recursive=True)
    for path in files:
        rel = os.path.relpath(path, os.path.join(src, "src"))
        if path.endswith(".h"):
            headers.setdefault(os.path.basename(path), []).append(stage_of_path(stages, rel))
    for path in sorted(files):
        rel = os.path.relpath(path, os.path.join(src, "src"))
        st = stage_of_path(stages, rel)
        if st is None:
            errors.append(f"src/{rel}: in no stage declared by bp_stage()")
            continue
        for no, line in enumerate(open(path, encoding="utf-8"), 1):
            m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
            if not m:
                continue
            inc = m.group(1)
            if "/" in inc:
                errors.append(f"src/{rel}:{no}: include by path: \"{inc}\"")
                continue
            owners = headers.get(inc)
            if not owners:
                continue  # include/budgetpdf.h or a library's header
            if not any(o in may[st] for o in owners):
                errors.append(f"src/{rel}:{no}: stage {st} includes {inc} of stage {owners[0]}")
    return errors


def symbol_graph(build, stages):
    """{file: set of files it calls} from the stage objects' symbols."""
    defs, undef = {}, {}
    for obj in glob.glob(os.path.join(build, "CMakeFiles", "bp_*.dir", "src", "**", "*.o"), recursive=True):
        rel = obj.split(os.sep + "src" + os.sep, 1)[1][: -len(".c.o")]
        out = subprocess.run(["nm", obj], capture_output=True, text=True, check=True).stdout
        undef[rel] = set()
        for line in out.splitlines():
            p = line.split()
            if len(p) == 3 and p[1] in "TDBR":
                defs[p[2]] = rel
            elif len(p) == 2 and p[0] == "U":
                undef[rel].add(p[1])
    graph = collections.defaultdict(set)
    for f, syms in undef.items():
        for s in syms:
            if s in defs and defs[s] != f:
                graph[f].add(defs[s])
    return graph, list(undef)


def circles(graph, nodes):
    """The strongly connected components of more than one file (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(100000)

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in nodes:
        if v not in index:
            visit(v)
    return out


def check_calls(build, stages, may):
    errors = []
    graph, nodes = symbol_graph(build, stages)
    if not nodes:
        return [f"{build}: no stage objects found (build first)"]
    for f in sorted(graph):
        sf = stage_of_path(stages, f + ".c")
        for g in sorted(graph[f]):
            sg = stage_of_path(stages, g + ".c")
            if sg not in may[sf]:
                errors.append(f"src/{f}.c (stage {sf}) calls src/{g}.c (stage {sg}), not below it")
    for comp in circles(graph, nodes):
        errors.append("files calling each other in a circle: " + ", ".join(comp))
    return errors


def main():
    src, build = sys.argv[1], sys.argv[2]
    stages = read_stages(src)
    if not stages:
        print("stages.py: no bp_stage() in CMakeLists.txt")
        return 1
    may = below_closure(stages)
    errors = check_sources(src, stages, may) + check_calls(build, stages, may)
    for e in errors:
        print(e)
    nfiles = len(glob.glob(os.path.join(src, "src", "**", "*.c"), recursive=True))
    print(f"{len(stages)} stages, {nfiles} files: {len(errors)} violations")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
