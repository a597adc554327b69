#!/bin/sh
# gen-long-table.sh — writes the 项目支出表 data of examples/long-table-2024:
# about 600 generated projects of the seed department, with names of varied
# length (some wrap to three lines in the 项目名称 column) and amounts with
# one decimal. The 合计 row and the unit (033) row are the exact column sums
# of the project rows: all arithmetic is done in integer tenths of 万元.
#
# Deterministic: a Park–Miller LCG (state = state × 16807 mod 2^31−1, exact in
# awk's double arithmetic) with a fixed seed, so every run gives the same file.
# Portable POSIX sh + awk (tested with mawk, gawk and busybox awk).
#
# usage: tools/gen-long-table.sh [-n COUNT] [-s SEED] [OUTPUT]
#   COUNT  number of projects (default 600)
#   SEED   LCG seed, 1 .. 2147483646 (default 20240101)
#   OUTPUT file to write (default examples/long-table-2024/10-projects.csv
#          next to this script; "-" writes to standard output)
set -eu

count=600
seed=20240101
while [ $# -gt 0 ]; do
    case $1 in
        -n) count=$2; shift 2 ;;
        -s) seed=$2; shift 2 ;;
        -) break ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        -*) echo "gen-long-table.sh: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../examples/long-table-2024/10-projects.csv}

gen() {
    LC_ALL=C awk -v count="$count" -v seed="$seed" '
function rnd(n) {                 # 0 .. n-1
    state = (state * 16807) % 2147483647
    return int(state / 2147483647 * n)
}
function pick(arr, n) { return arr[rnd(n) + 1] }
function money(t) { return sprintf("%d.%d", int(t / 10), t % 10) }
function cell(t) { return t == 0 ? "" : money(t) }
function csv(s) {
    if (s ~ /[",\n\r]/) { gsub(/"/, "\"\"", s); return "\"" s "\"" }
    return s
}
function setlist(arr, s) { return split(s, arr, "|") }
BEGIN {
    state = seed + 0
    if (state < 1 || state > 2147483646) { print "bad seed" > "/dev/stderr"; exit 2 }
    dept = "郑州高新技术产业开发区新型智慧城市运行中心"
    np = setlist(pre, "|郑州高新区|高新区|智慧高新|全区||")
    ns = setlist(subj, "网格化基层治理|12345政务服务便民热线|数字城管|城市运行管理平台|" \
        "视频融合场景|电子政务外网|指挥大厅|城市安全态势感知|内涝监测预警|智慧安防小区|" \
        "涉气企业视频监控|基于超算的区域级视频应用|“一网统管”应用场景流程再造|事件分拨与指挥调度|" \
        "网格员队伍建设与考核|基层治理数据归集更新|机房|互联网出口带宽|网络安全等级保护测评|" \
        "政务云资源|数字化联席会议机制|12319城建热线|12369环保举报热线|管委会值班热线|" \
        "智慧城市运行管理平台二期数据治理与共享交换能力提升及网格化基层治理|" \
        "城市运行态势监测、预警分析与决策支持系统|办事处一、二、三级网格划分调整优化|" \
        "大数据、人工智能、区块链等新技术统计监测和决策分析体系|智慧产业|信息化建设项目评审")
    na = setlist(act, "运维|建设|升级改造|运行保障|数据治理|技术服务|安全防护|监理|评审|" \
        "咨询服务|培训|购买服务|平台对接|驻场服务")
    nf = setlist(suf, "专项经费|工作经费|经费|项目|服务费|专项资金")
    nt = setlist(tail, "（含12345热线联动处置）|（一期）|（二期）|（续建）|（跨年度项目）|" \
        "（含办事处二级网格）|（第一批）|（市区两级平台衔接融合）")
    for (i = 1; i <= count; i++) {
        if (i == 7)
            name = "郑州高新区智慧城市运行管理平台二期数据治理与共享交换能力提升及网格化基层治理工作经费（含12345热线联动处置）"
        else if (i == 13)
            name = "\"一网统管\"应用场景流程再造工作经费"
        else {
            name = pick(pre, np) pick(subj, ns) pick(act, na) pick(suf, nf)
            if (rnd(100) < 15) name = name pick(tail, nt)
        }
        kind = rnd(100) < 70 ? "特定目标类" : "其他运转类"
        r = rnd(100)
        if (r < 45) t = 5 + rnd(500)            # 0.5 .. 50.4
        else if (r < 85) t = 500 + rnd(4500)    # 50.0 .. 499.9
        else t = 5000 + rnd(25000)              # 500.0 .. 2999.9
        gpb = t; fund = 0; spec = 0; own = 0
        r = rnd(100)
        if (r < 8) { own = int(t * (1 + rnd(5)) / 10); gpb = t - own }
        else if (r < 12) { fund = t; gpb = 0 }
        else if (r < 15) { spec = int(t / 2); gpb = t - spec }
        row[i] = csv(kind) "," csv(name) "," csv(dept) "," money(t) "," cell(gpb) "," \
            cell(fund) ",,,,," cell(spec) "," cell(own)
        T += t; G += gpb; F += fund; S += spec; O += own
    }
    if (T != G + F + S + O) { print "sum mismatch" > "/dev/stderr"; exit 1 }
    print "kind,name,unit,total,cur_gpb,cur_fund,cur_soc,carry_gpb,carry_fund,carry_soc,special,own"
    sums = money(T) "," cell(G) "," cell(F) ",,,,," cell(S) "," cell(O)
    print ",,," sums
    print ",033," csv(dept) "," sums
    for (i = 1; i <= count; i++) print row[i]
}'
}

if [ "$out" = - ]; then
    gen
else
    gen > "$out.tmp" && mv "$out.tmp" "$out"
fi
