#!/bin/sh
# gen-long-table.sh — writes the data of examples/long-table-2024: about 600
# generated projects of the seed department in the 项目支出表 (table 10),
# with names of varied length (some wrap to three lines in the 项目名称
# column) and amounts with one decimal, and the tables that restate table
# 10's money, so that the example passes `budgetpdf check` (docs/checks.md).
# The 合计 row and the unit (033) row of table 10 are the exact column sums
# of the project rows: all arithmetic is done in integer tenths of 万元.
#
# The other tables keep the seed's 基本支出 (1,619.4) and add table 10's
# projects as 项目支出: 一般公共预算 money under 2120199 其他城乡社区管理事务支出,
# 政府性基金 money under 2120899 其他国有土地使用权出让收入安排的支出 (table 9),
# 财政专户管理资金 and 单位资金 (counted as 其他收入) in the all-money tables
# 01, 02, 03 and 07; 04 and 05 hold 财政拨款 only. Tables 06, 08 and 12 are
# the seed's, unchanged; table 11 is the seed's with its 预算情况 figures.
#
# Deterministic: a Park–Miller LCG (state = state × 16807 mod 2^31−1, exact in
# awk's double arithmetic) with a fixed seed, so every run gives the same file.
# Portable POSIX sh + awk (tested with mawk, gawk and busybox awk).
#
# usage: tools/gen-long-table.sh [-n COUNT] [-s SEED] [-d DIR | OUTPUT]
#   COUNT  number of projects (default 600)
#   SEED   LCG seed, 1 .. 2147483646 (default 20240101)
#   DIR    department folder to write: 10-projects.csv and the tables that
#          depend on it (01 02 03 04 05 07 09 11); the default is
#          examples/long-table-2024 next to this script
#   OUTPUT write table 10 only, to this file ("-": standard output)
set -eu

count=600
seed=20240101
dir=
while [ $# -gt 0 ]; do
    case $1 in
        -n) count=$2; shift 2 ;;
        -s) seed=$2; shift 2 ;;
        -d) dir=$2; shift 2 ;;
        -) break ;;
        -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
        -*) echo "gen-long-table.sh: unknown option $1" >&2; exit 2 ;;
        *) break ;;
    esac
done
here=$(cd "$(dirname "$0")" && pwd)
seed_dir=$here/../data/zzgx-smartcity-2024
if [ $# -gt 0 ] && [ -n "$dir" ]; then
    echo "gen-long-table.sh: give -d DIR or OUTPUT, not both" >&2; exit 2
fi
if [ $# -gt 0 ]; then
    out=$1
else
    dir=${dir:-$here/../examples/long-table-2024}
    out=$dir/10-projects.csv
fi
sums=

gen() {
    LC_ALL=C awk -v count="$count" -v seed="$seed" -v sumfile="$sums" '
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
        k = kind == "特定目标类" ? "t" : "o"
        KT[k] += t; KG[k] += gpb; KF[k] += fund
    }
    if (sumfile != "")
        printf "%d %d %d %d %d %d %d %d %d %d %d\n", T, G, F, S, O, KT["o"], KT["t"], \
            KG["o"], KG["t"], KF["o"], KF["t"] > sumfile
    if (T != G + F + S + O) { print "sum mismatch" > "/dev/stderr"; exit 1 }
    print "kind,name,unit,total,cur_gpb,cur_fund,cur_soc,carry_gpb,carry_fund,carry_soc,special,own"
    sums = money(T) "," cell(G) "," cell(F) ",,,,," cell(S) "," cell(O)
    print ",,," sums
    print ",033," csv(dept) "," sums
    for (i = 1; i <= count; i++) print row[i]
}'
}

# The tables that restate table 10's money, from its sums (in tenths).
dependents() {
    LC_ALL=C awk -v dir="$dir" -v seed11="$seed_dir/11-dept-performance.csv" \
        -v seed07="$seed_dir/07-economic.csv" '
function money(t) { return sprintf("%d.%d", int(t / 10), t % 10) }
function cell(t) { return t + 0 == 0 ? "" : money(t) }   # + 0: an unset cell is 0
function zero(t) { return t + 0 == 0 ? "0" : money(t) }
function grouped(t,   s, i, out) {   # 6,828.4
    s = sprintf("%d", int(t / 10)); out = ""
    for (i = length(s); i > 3; i -= 3) out = "," substr(s, i - 2, 3) out
    return "\"" substr(s, 1, i) out "." (t % 10) "\""
}
function form(t) { return t + 0 == 0 ? "" : grouped(t) }
{
    T = $1; G = $2; F = $3; S = $4; O = $5; To = $6; Tt = $7; Go = $8; Gt = $9; Fo = $10; Ft = $11
}
END {
    # the seed 基本支出: 1,619.4 = 人员经费 552.6 (工资福利) + 公用经费 1,066.8 (商品和服务)
    B = 16194; Bw = 5526; Bg = 10668
    ALL = B + T; GPB = B + G; FISC = GPB + F; U = T - F   # U: 2120199, all but 政府性基金
    dept = "郑州高新技术产业开发区新型智慧城市运行中心"

    f = dir "/01-income-expense.csv"
    print "in_item,in_amount,out_item,out_amount" > f
    n = split("一、一般公共服务|二、外交|三、国防|四、公共安全|五、教育|六、科学技术|七、文化旅游体育与传媒|八、社会保障和就业|九、社会保险基金支出|十、卫生健康|十一、节能环保|十二、城乡社区事务|十三、农林水事务|十四、交通运输|十五、资源勘探信息等|十六、商业服务业等|十七、金融支出|十九、援助其他地区支出|二十、自然资源海洋气象等支出|二十一、住房保障支出|二十二、粮油物资储备支出|二十三、国有资本经营预算|二十四、灾害防治及应急管理|二十七、预备费|二十九、其他支出|三十、转移性支出|三十一、债务还本支出|三十二、债务付息支出|三十三、债务发行费用支出|三十四、抗疫特别国债安排的支出", out, "|")
    m = split("一、一般公共预算|其中：财政拨款|二、政府性基金预算拨款收入|三、国有资本经营预算拨款收入|四、财政专户管理资金收入|五、事业收入|六、事业单位经营收入|七、上级补助收入|八、附属单位上缴收入|九、其他收入", inc, "|")
    inv[1] = GPB; inv[2] = GPB; inv[3] = F; inv[5] = S; inv[10] = O
    outv[6] = B; outv[12] = T
    for (i = 1; i <= n; i++)
        print (i <= m ? inc[i] "," cell(inv[i]) : ",") "," out[i] "," cell(outv[i]) > f
    print "本年收入合计," money(ALL) ",本年支出合计," money(ALL) > f
    print "上年结转结余,,年终结转结余," > f
    print "收入总计," money(ALL) ",支出总计," money(ALL) > f
    close(f)

    f = dir "/02-income.csv"
    print "code,name,total,gpb,fund,soc,special,business,operating,superior,affiliated,other,carryover" > f
    print ",合计," money(ALL) "," money(GPB) "," cell(F) ",," cell(S) ",,,,," cell(O) "," > f
    print "206,科学技术支出," money(B) "," money(B) ",,,,,,,,," > f
    print "20601,科学技术管理事务," money(B) "," money(B) ",,,,,,,,," > f
    print "2060101,行政运行," money(B) "," money(B) ",,,,,,,,," > f
    print "212,城乡社区支出," money(T) "," cell(G) "," cell(F) ",," cell(S) ",,,,," cell(O) "," > f
    if (U) {
        print "21201,城乡社区管理事务," money(U) "," cell(G) ",,," cell(S) ",,,,," cell(O) "," > f
        print "2120199,其他城乡社区管理事务支出," money(U) "," cell(G) ",,," cell(S) ",,,,," cell(O) "," > f
    }
    if (F) {
        print "21208,国有土地使用权出让收入安排的支出," money(F) ",," money(F) ",,,,,,,," > f
        print "2120899,其他国有土地使用权出让收入安排的支出," money(F) ",," money(F) ",,,,,,,," > f
    }
    close(f)

    f = dir "/03-expenditure.csv"
    print "cls,kuan,xiang,unit_code,name,total,basic_total,basic_wages,basic_family,basic_goods,basic_capital,project_total,project_operating,project_targeted" > f
    row = money(ALL) "," money(B) "," money(Bw) ",," money(Bg) ",," money(T) "," cell(To) "," cell(Tt)
    print ",,,,合计," row > f
    print ",,,033," dept "," row > f
    print "206,01,01,,行政运行," money(B) "," money(B) "," money(Bw) ",," money(Bg) ",,,," > f
    if (U) print "212,01,99,,其他城乡社区管理事务支出," money(U) ",,,,,," money(U) "," cell(To - Fo) "," cell(Tt - Ft) > f
    if (F) print "212,08,99,,其他国有土地使用权出让收入安排的支出," money(F) ",,,,,," money(F) "," cell(Fo) "," cell(Ft) > f
    close(f)

    f = dir "/04-fiscal-income-expense.csv"
    print "in_item,in_amount,out_item,out_total,out_gpb,out_gpb_fiscal,out_fund,out_soc" > f
    n = split("（一）一般公共服务支出|（二）外交支出|（三）国防支出|（四）公共安全支出|（五）教育支出|（六）科学技术支出|（七）文化体育旅游与传媒支出|（八）社会保障和就业支出|（九）医疗卫生与计划生育支出|（十）卫生健康支出|（十一）节能环保支出|（十二）城乡社区事务支出|（十三）农林水事务支出|（十四）交通运输支出|（十五）资源勘探信息等支出|（十六）商业服务业等支出|（十七）金融支出|（十九）援助其他地区支出|（二十）自然资源海洋气象等支出|（二十一）住房保障支出|（二十二）粮油物资储备支出|（二十三）国有资本经营预算|（二十四）灾害防治及应急管理|（二十七）预备费|（二十九）其他支出|（三十）转移性支出|(三十一) 债务还本支出|(三十二) 债务付息支出|(三十三) 债务发行费用支出|(三十四) 抗疫特别国债安排的支出|二、年终结转结余", out, "|")
    m = split("（一）一般公共预算拨款|其中：财政拨款|（二）政府性基金预算拨款|（三）国有资本经营预算拨款|二、上年结转|（一）一般公共预算拨款|（二）政府性基金预算拨款|（三）国有资本经营预算拨款", inc, "|")
    delete inv; inv[1] = GPB; inv[2] = GPB; inv[3] = F
    print "一、本年收入," money(FISC) ",一、本年支出," money(FISC) "," money(GPB) "," money(GPB) "," cell(F) "," > f
    for (i = 1; i <= n; i++) {
        o = ",,,,"
        if (i == 6) o = money(B) "," money(B) "," money(B) ",,"
        if (i == 12) o = money(G + F) "," cell(G) "," cell(G) "," cell(F) ","
        print (i <= m ? inc[i] "," cell(inv[i]) : ",") "," out[i] "," o > f
    }
    print "收入合计:," money(FISC) ",支出合计," money(FISC) "," money(GPB) "," money(GPB) "," cell(F) "," > f
    close(f)

    f = dir "/05-gpb-expenditure.csv"
    print "code,name,total,basic_total,basic_wages,basic_family,basic_goods,basic_capital,project_total,project_operating,project_targeted" > f
    print ",合计," money(GPB) "," money(B) "," money(Bw) ",," money(Bg) ",," cell(G) "," cell(Go) "," cell(Gt) > f
    b = money(B) "," money(B) "," money(Bw) ",0," money(Bg) ",0,0,0,0"
    print "206,科学技术支出," b > f
    print "20601,科学技术管理事务," b > f
    print "2060101,行政运行," b > f
    if (G) {
        p = money(G) ",0,0,0,0,0," money(G) "," zero(Go) "," zero(Gt)
        print "212,城乡社区支出," p > f
        print "21201,城乡社区管理事务," p > f
        print "2120199,其他城乡社区管理事务支出," p > f
    }
    close(f)

    f = dir "/07-economic.csv"
    print "code,name,total,basic,project" > f
    print ",合计," money(ALL) "," money(B) "," cell(T) > f
    # the seed rows, with 302 商品和服务支出 and 30227 委托业务费 (项目支出)
    getline line < seed07
    while ((getline line < seed07) > 0) {
        if (line ~ /^,合计,/) continue
        if (line ~ /^302,/) line = "302,商品和服务支出," money(Bg + T) "," money(Bg) "," cell(T)
        else if (line ~ /^30227,/) { if (!T) continue; line = "30227,委托业务费," money(T) ",," money(T) }
        print line > f
    }
    close(seed07)
    close(f)

    f = dir "/09-fund.csv"
    print "code,name,total,basic_total,basic_wages,basic_family,basic_goods,basic_capital,project_total,project_operating,project_targeted" > f
    if (F) {
        print ",合计," money(F) ",,,,,," money(F) "," cell(Fo) "," cell(Ft) > f
        p = money(F) ",0,0,0,0,0," money(F) "," zero(Fo) "," zero(Ft)
        print "212,城乡社区支出," p > f
        print "21208,国有土地使用权出让收入安排的支出," p > f
        print "2120899,其他国有土地使用权出让收入安排的支出," p > f
    }
    close(f)

    # table 11: the seed form with its 预算情况 figures
    f = dir "/11-dept-performance.csv"
    while ((getline line < seed11) > 0) {
        if (line ~ /^预算情况,部门预算总额（万元）,<,/) line = "预算情况,部门预算总额（万元）,<," form(ALL) ",<"
        else if (line ~ /^\^,1、资金来源：,（1）政府预算资金,/) line = "^,1、资金来源：,（1）政府预算资金," form(FISC) ",<"
        else if (line ~ /^\^,\^,（2）财政专户管理资金,/) line = "^,^,（2）财政专户管理资金," form(S) ",<"
        else if (line ~ /^\^,\^,（3）单位资金,/) line = "^,^,（3）单位资金," form(O) ",<"
        else if (line ~ /^\^,2、资金结构：,（1）基本支出,/) line = "^,2、资金结构：,（1）基本支出," form(B) ",<"
        else if (line ~ /^\^,\^,（2）项目支出,/) line = "^,^,（2）项目支出," form(T) ",<"
        print line > f
    }
    close(seed11)
    close(f)
}'
}

if [ "$out" = - ]; then
    gen
elif [ -z "$dir" ]; then
    gen > "$out.tmp" && mv "$out.tmp" "$out"
else
    [ -d "$dir" ] || { echo "gen-long-table.sh: no folder $dir" >&2; exit 2; }
    sums=$dir/.sums.tmp
    gen > "$out.tmp" && mv "$out.tmp" "$out"
    dependents < "$sums"
    rm -f "$sums"
fi
