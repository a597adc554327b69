/* gen_departments.c — writes N synthetic departments of a finance bureau
 * (department.yaml + the twelve CSV files of layouts/standard-2024) for
 * batch tests and benchmarks: varied department names and functions, one to
 * four budget units, 功能分类 科目 trees, 10 to 3,000 projects with Chinese
 * names of varied length, and figures that pass every rule of
 * `budgetpdf check` exactly (no rounding warnings).
 *
 * All money is computed in integer tenths of 万元 and printed with one
 * decimal. Each department spends
 *   基本支出 B (一般公共预算 only; by 经济分类 item, each item assigned to a
 *   功能分类 项: 行政运行/事业运行, 养老保险, 职业年金, 医疗, 住房公积金, 离退休)
 *   项目支出 T = Σ projects (一般公共预算 G, 财政专户管理资金 S, 单位资金 O)
 * and the twelve tables restate it: 01 收支总体 (income by source, spending
 * by 类), 02 收入 by 科目 类/款/项, 03 支出 per unit by 项, 04 财政拨款 (B + G),
 * 05 一般公共预算 by 类/款/项, 06 基本支出 by 经济分类 item, 07 经济分类 by
 * 类/款 (basic and project), 08 三公 (its parts, from 06's items), 09 政府性
 * 基金 empty (its note is printed), 10 项目支出 (合计, each unit, its
 * projects), 11 整体绩效 (a form with the budget figures), 12 项目绩效 (each
 * project's indicators on one to three lines).
 *
 * Deterministic: department i is generated from (SEED, i) alone with
 * splitmix64, so the first k departments are the same whatever N.
 *
 * usage: gen-departments [-n COUNT] [-s SEED] [--projects MIN-MAX] OUTDIR
 *   COUNT      departments (default 10), written to OUTDIR/dept-0001 ...
 *   SEED       any unsigned integer (default 1)
 *   MIN-MAX    projects per department (default 10-3000), drawn as
 *              MIN·(MAX/MIN)^(u⁴), u uniform: most departments have a few
 *              dozen projects, one in twenty more than 1,000 (median 14,
 *              mean about 160 for 10-3000)
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- random numbers ------------------------------------------------------ */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* 0 .. n-1 */
static long rnd(long n)
{
    return n <= 1 ? 0 : (long)(rng_next() % (uint64_t)n);
}

/* lo .. hi */
static long between(long lo, long hi)
{
    return lo + rnd(hi - lo + 1);
}

static double uniform(void)
{
    return (double)(rng_next() >> 11) / 9007199254740992.0;
}

#define PICK(arr) (arr[rnd((long)(sizeof arr / sizeof arr[0]))])

/* ---- output helpers ------------------------------------------------------ */

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "gen-departments: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n");
    va_end(ap);
    exit(1);
}

static FILE *open_out(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (!f) die("cannot write %s: %s", path, strerror(errno));
    return f;
}

static void close_out(FILE *f)
{
    if (ferror(f) || fclose(f) != 0) die("write error: %s", strerror(errno));
}

/* An amount in tenths: "1234.5". */
static const char *money(long t)
{
    static char buf[16][32];
    static int k;
    char *b = buf[k++ & 15];
    snprintf(b, 32, "%s%ld.%ld", t < 0 ? "-" : "", labs(t) / 10, labs(t) % 10);
    return b;
}

/* Blank when zero. */
static const char *cell(long t)
{
    return t ? money(t) : "";
}

/* "0" when zero (tables whose zero format prints 0.0). */
static const char *zero(long t)
{
    return t ? money(t) : "0";
}

/* With thousands separators, quoted, for the text cells of table 11. */
static const char *grouped(long t)
{
    static char buf[4][48];
    static int k;
    char *b = buf[k++ & 3];
    if (!t) return "";
    char digits[32];
    snprintf(digits, sizeof digits, "%ld", t / 10);
    size_t n = strlen(digits), o = 0;
    b[o++] = '"';
    for (size_t i = 0; i < n; i++) {
        if (i && (n - i) % 3 == 0) b[o++] = ',';
        b[o++] = digits[i];
    }
    snprintf(b + o, 48 - o, ".%ld\"", t % 10);
    return b;
}

/* A CSV cell: quoted when it holds a comma, a quote or a line break. */
static void csv(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* ---- 科目 (功能分类) and 经济分类 -------------------------------------- */

typedef struct named {
    const char *code, *name;
} named;

static const named func_names[] = {
    {"201", "一般公共服务支出"},
    {"20103", "政府办公厅（室）及相关机构事务"},
    {"2010301", "行政运行"},
    {"2010302", "一般行政管理事务"},
    {"2010303", "机关服务"},
    {"2010350", "事业运行"},
    {"2010399", "其他政府办公厅（室）及相关机构事务支出"},
    {"20105", "统计信息事务"},
    {"2010501", "行政运行"},
    {"2010502", "一般行政管理事务"},
    {"2010505", "专项统计业务"},
    {"2010507", "专项普查活动"},
    {"2010508", "统计抽样调查"},
    {"20106", "财政事务"},
    {"2010601", "行政运行"},
    {"2010602", "一般行政管理事务"},
    {"2010607", "信息化建设"},
    {"2010608", "财政委托业务支出"},
    {"2010650", "事业运行"},
    {"20108", "审计事务"},
    {"2010801", "行政运行"},
    {"2010804", "审计业务"},
    {"2010806", "信息化建设"},
    {"20113", "商贸事务"},
    {"2011301", "行政运行"},
    {"2011308", "招商引资"},
    {"20131", "党委办公厅（室）及相关机构事务"},
    {"2013101", "行政运行"},
    {"2013102", "一般行政管理事务"},
    {"2013105", "专项业务"},
    {"2013150", "事业运行"},
    {"20138", "市场监督管理事务"},
    {"2013801", "行政运行"},
    {"2013804", "市场主体管理"},
    {"2013805", "市场秩序执法"},
    {"2013810", "质量基础"},
    {"2013812", "药品事务"},
    {"2013816", "食品安全监管"},
    {"2013850", "事业运行"},
    {"204", "公共安全支出"},
    {"20406", "司法"},
    {"2040601", "行政运行"},
    {"2040604", "基层司法业务"},
    {"2040605", "普法宣传"},
    {"2040607", "公共法律服务"},
    {"2040610", "社区矫正"},
    {"2040650", "事业运行"},
    {"205", "教育支出"},
    {"20501", "教育管理事务"},
    {"2050101", "行政运行"},
    {"2050102", "一般行政管理事务"},
    {"20502", "普通教育"},
    {"2050201", "学前教育"},
    {"2050202", "小学教育"},
    {"2050203", "初中教育"},
    {"2050204", "高中教育"},
    {"20509", "教育费附加安排的支出"},
    {"2050999", "其他教育费附加安排的支出"},
    {"206", "科学技术支出"},
    {"20601", "科学技术管理事务"},
    {"2060101", "行政运行"},
    {"2060102", "一般行政管理事务"},
    {"20604", "技术研究与开发"},
    {"2060499", "其他技术研究与开发支出"},
    {"20607", "科学技术普及"},
    {"2060702", "科普活动"},
    {"20699", "其他科学技术支出"},
    {"2069999", "其他科学技术支出"},
    {"207", "文化旅游体育与传媒支出"},
    {"20701", "文化和旅游"},
    {"2070101", "行政运行"},
    {"2070104", "图书馆"},
    {"2070108", "文化活动"},
    {"2070109", "群众文化"},
    {"2070112", "文化和旅游市场管理"},
    {"20702", "文物"},
    {"2070204", "文物保护"},
    {"20703", "体育"},
    {"2070308", "群众体育"},
    {"208", "社会保障和就业支出"},
    {"20801", "人力资源和社会保障管理事务"},
    {"2080101", "行政运行"},
    {"2080102", "一般行政管理事务"},
    {"2080109", "社会保险经办机构"},
    {"2080111", "公共就业服务和职业技能鉴定机构"},
    {"20802", "民政管理事务"},
    {"2080201", "行政运行"},
    {"2080208", "基层政权建设和社区治理"},
    {"20805", "行政事业单位养老支出"},
    {"2080501", "行政单位离退休"},
    {"2080502", "事业单位离退休"},
    {"2080505", "机关事业单位基本养老保险缴费支出"},
    {"2080506", "机关事业单位职业年金缴费支出"},
    {"20807", "就业补助"},
    {"2080705", "职业培训补贴"},
    {"20810", "社会福利"},
    {"2081002", "老年福利"},
    {"20828", "退役军人管理事务"},
    {"2082801", "行政运行"},
    {"2082804", "拥军优属"},
    {"2082850", "事业运行"},
    {"210", "卫生健康支出"},
    {"21001", "卫生健康管理事务"},
    {"2100101", "行政运行"},
    {"2100102", "一般行政管理事务"},
    {"21004", "公共卫生"},
    {"2100401", "疾病预防控制机构"},
    {"2100408", "基本公共卫生服务"},
    {"2100409", "重大公共卫生服务"},
    {"21011", "行政事业单位医疗"},
    {"2101101", "行政单位医疗"},
    {"2101102", "事业单位医疗"},
    {"21015", "医疗保障管理事务"},
    {"2101501", "行政运行"},
    {"2101506", "医疗保障经办事务"},
    {"211", "节能环保支出"},
    {"21101", "环境保护管理事务"},
    {"2110101", "行政运行"},
    {"2110104", "生态环境保护宣传"},
    {"21103", "污染防治"},
    {"2110301", "大气"},
    {"2110302", "水体"},
    {"212", "城乡社区支出"},
    {"21201", "城乡社区管理事务"},
    {"2120101", "行政运行"},
    {"2120102", "一般行政管理事务"},
    {"2120104", "城管执法"},
    {"2120199", "其他城乡社区管理事务支出"},
    {"21203", "城乡社区公共设施"},
    {"2120399", "其他城乡社区公共设施支出"},
    {"21205", "城乡社区环境卫生"},
    {"2120501", "城乡社区环境卫生"},
    {"213", "农林水支出"},
    {"21301", "农业农村"},
    {"2130101", "行政运行"},
    {"2130104", "事业运行"},
    {"2130108", "病虫害控制"},
    {"2130122", "农业生产发展"},
    {"21303", "水利"},
    {"2130306", "水利工程运行与维护"},
    {"214", "交通运输支出"},
    {"21401", "公路水路运输"},
    {"2140101", "行政运行"},
    {"2140104", "公路建设"},
    {"2140106", "公路养护"},
    {"2140112", "公路运输管理"},
    {"220", "自然资源海洋气象等支出"},
    {"22001", "自然资源事务"},
    {"2200101", "行政运行"},
    {"2200104", "自然资源规划及管理"},
    {"2200106", "自然资源利用与保护"},
    {"2200150", "事业运行"},
    {"221", "住房保障支出"},
    {"22102", "住房改革支出"},
    {"2210201", "住房公积金"},
    {"224", "灾害防治及应急管理支出"},
    {"22401", "应急管理事务"},
    {"2240101", "行政运行"},
    {"2240106", "安全监管"},
    {"2240108", "应急救援"},
    {"2240150", "事业运行"},
};

static const char *func_name(const char *code)
{
    for (size_t i = 0; i < sizeof func_names / sizeof func_names[0]; i++)
        if (!strcmp(func_names[i].code, code)) return func_names[i].name;
    die("internal: no 科目 %s", code);
    return NULL;
}

/* 经济分类: department code, name, and the government code and name. */
typedef struct econ {
    const char *code, *name, *gov, *gov_name;
} econ;

static const econ econs[] = {
    {"301", "工资福利支出", "", ""},
    {"30101", "基本工资", "50101", "工资奖金津补贴"},
    {"30102", "津贴补贴", "50101", "工资奖金津补贴"},
    {"30103", "奖金", "50101", "工资奖金津补贴"},
    {"30107", "绩效工资", "50101", "工资奖金津补贴"},
    {"30108", "机关事业单位基本养老保险缴费", "50102", "社会保障缴费"},
    {"30109", "职业年金缴费", "50102", "社会保障缴费"},
    {"30110", "职工基本医疗保险缴费", "50102", "社会保障缴费"},
    {"30112", "其他社会保障缴费", "50102", "社会保障缴费"},
    {"30113", "住房公积金", "50103", "住房公积金"},
    {"30114", "医疗费", "50199", "其他工资福利支出"},
    {"30199", "其他工资福利支出", "50199", "其他工资福利支出"},
    {"302", "商品和服务支出", "", ""},
    {"30201", "办公费", "50201", "办公经费"},
    {"30202", "印刷费", "50201", "办公经费"},
    {"30205", "水费", "50201", "办公经费"},
    {"30206", "电费", "50201", "办公经费"},
    {"30207", "邮电费", "50201", "办公经费"},
    {"30211", "差旅费", "50201", "办公经费"},
    {"30212", "因公出国（境）费用", "50204", "因公出国（境）费用"},
    {"30213", "维修(护)费", "50209", "维修（护）费"},
    {"30214", "租赁费", "50201", "办公经费"},
    {"30215", "会议费", "50202", "会议费"},
    {"30216", "培训费", "50203", "培训费"},
    {"30217", "公务接待费", "50206", "公务接待费"},
    {"30218", "专用材料费", "50299", "其他商品和服务支出"},
    {"30226", "劳务费", "50299", "其他商品和服务支出"},
    {"30227", "委托业务费", "50205", "委托业务费"},
    {"30228", "工会经费", "50201", "办公经费"},
    {"30229", "福利费", "50201", "办公经费"},
    {"30231", "公务用车运行维护费", "50208", "公务用车运行维护费"},
    {"30239", "其他交通费用", "50201", "办公经费"},
    {"30299", "其他商品和服务支出", "50299", "其他商品和服务支出"},
    {"303", "对个人和家庭的补助", "", ""},
    {"30302", "退休费", "50905", "离退休费"},
    {"30305", "生活补助", "50901", "社会福利和救助"},
    {"30309", "奖励金", "50999", "其他对个人和家庭补助"},
    {"310", "资本性支出", "", ""},
    {"31002", "办公设备购置", "50306", "设备购置"},
    {"31005", "基础设施建设", "50302", "基础设施建设"},
    {"31099", "其他资本性支出", "50399", "其他资本性支出"},
};
#define NECON ((int)(sizeof econs / sizeof econs[0]))

static int econ_index(const char *code)
{
    for (int i = 0; i < NECON; i++)
        if (!strcmp(econs[i].code, code)) return i;
    die("internal: no 经济分类 %s", code);
    return -1;
}

/* ---- department types ---------------------------------------------------- */

typedef struct profile {
    const char *body;         /* the department's name after the region */
    const char *admin;        /* 行政运行 项 of the department itself */
    const char *inst;         /* 事业运行 项 of its institutions (NULL: admin) */
    const char *proj[6];      /* the 项 of its projects */
    const char *units[3];     /* names of institutions under it */
    const char *subjects[12]; /* what its projects are about */
} profile;

static const profile profiles[] = {
    {"教育局",
     "2050101",
     "2050202",
     {"2050102", "2050201", "2050202", "2050203", "2050204", "2050999"},
     {"教育发展中心", "第一实验小学", "第二初级中学"},
     {"校舍维修改造", "教师培训", "学前教育普惠", "课后服务", "智慧校园", "学生营养改善计划",
      "校园安全", "学生资助", "教育信息化", "中小学图书配备", "义务教育优质均衡发展",
      "“双减”课后服务质量提升"}},
    {"财政局",
     "2010601",
     "2010650",
     {"2010602", "2010607", "2010608", NULL},
     {"财政投资评审中心", "国库支付中心", NULL},
     {"预算管理一体化系统", "财政投资评审", "国库集中支付", "政府采购监管", "预算绩效评价",
      "行政事业单位国有资产管理", "财政票据电子化", "债务风险监测", "会计人员继续教育",
      "财政监督检查", "非税收入征管", "数字财政"}},
    {"卫生健康委员会",
     "2100101",
     "2100401",
     {"2100102", "2100408", "2100409", NULL},
     {"疾病预防控制中心", "卫生健康监督所", "妇幼保健院"},
     {"基本公共卫生服务", "家庭医生签约服务", "免疫规划疫苗接种", "妇幼健康", "卫生监督执法",
      "健康教育与促进", "医疗卫生人才培养", "重大传染病防控", "院前急救体系", "慢性病综合防控",
      "严重精神障碍患者管理", "全民健康信息平台"}},
    {"城市管理局",
     "2120101",
     NULL,
     {"2120102", "2120104", "2120199", "2120399", "2120501", NULL},
     {"环境卫生服务中心", "市政设施维护中心", "城市管理综合执法大队"},
     {"道路清扫保洁", "生活垃圾分类", "市政设施维护", "路灯运行维护", "城管执法装备", "公厕管理",
      "园林绿化养护", "数字城管", "渣土运输监管", "户外广告整治", "桥梁检测", "城市内涝防治"}},
    {"科学技术局",
     "2060101",
     NULL,
     {"2060102", "2060499", "2060702", "2069999", NULL},
     {"科技创新服务中心", "生产力促进中心", NULL},
     {"科技创新券", "高新技术企业培育", "科普宣传", "企业研发费用后补助", "科技成果转化",
      "科技企业孵化器运营", "创新平台建设", "科技特派员", "技术合同登记", "科技金融", "院士工作站",
      "科技人才引进"}},
    {"人力资源和社会保障局",
     "2080101",
     "2080111",
     {"2080102", "2080109", "2080705", NULL},
     {"就业服务中心", "社会保险中心", "劳动人事争议仲裁院"},
     {"职业技能培训", "就业创业服务", "劳动保障监察", "高层次人才引进", "社会保险经办",
      "农民工工资保障", "人事考试", "职称评审", "公益性岗位", "创业担保贷款贴息", "技工院校建设",
      "根治欠薪"}},
    {"民政局",
     "2080201",
     NULL,
     {"2080208", "2081002", NULL},
     {"社会福利中心", "救助管理站", NULL},
     {"城乡社区治理", "养老服务体系", "殡葬管理", "社会救助", "婚姻登记", "儿童福利",
      "社会组织培育", "地名普查", "残疾人两项补贴", "居家养老服务", "慈善事业", "困难群众救助"}},
    {"退役军人事务局",
     "2082801",
     "2082850",
     {"2082804", NULL},
     {"退役军人服务中心", NULL, NULL},
     {"拥军优属", "退役军人就业创业", "光荣院运行", "烈士纪念设施维护", "双拥工作",
      "退役军人服务站", "优抚对象医疗保障", "军休干部服务", NULL, NULL, NULL, NULL}},
    {"司法局",
     "2040601",
     "2040650",
     {"2040604", "2040605", "2040607", "2040610", NULL},
     {"公证处", "法律援助中心", NULL},
     {"人民调解", "普法宣传", "公共法律服务", "社区矫正", "法律援助", "行政复议", "法治政府建设",
      "司法所规范化建设", "律师行业管理", "安置帮教", NULL, NULL}},
    {"市场监督管理局",
     "2013801",
     "2013850",
     {"2013804", "2013805", "2013810", "2013812", "2013816", NULL},
     {"市场监管综合执法大队", "质量技术监督检验测试中心", "食品药品检验所"},
     {"市场主体登记", "市场秩序执法", "计量检定", "药品安全监管", "食品安全抽检",
      "特种设备安全监察", "知识产权保护", "消费者权益保护", "价格监督检查", "标准化建设",
      "广告监测", "网络交易监管"}},
    {"审计局",
     "2010801",
     NULL,
     {"2010804", "2010806", NULL},
     {"审计服务中心", NULL, NULL},
     {"审计业务", "审计信息化", "经济责任审计", "政府投资审计", "审计人才培训", "大数据审计平台",
      NULL, NULL, NULL, NULL, NULL, NULL}},
    {"统计局",
     "2010501",
     NULL,
     {"2010502", "2010505", "2010507", "2010508", NULL},
     {"统计普查中心", NULL, NULL},
     {"经济普查", "人口抽样调查", "统计执法检查", "统计信息化", "农业普查", "住户调查",
      "专项统计调查", "统计数据质量核查", NULL, NULL, NULL, NULL}},
    {"文化广电和旅游局",
     "2070101",
     "2070109",
     {"2070104", "2070108", "2070112", "2070204", "2070308", NULL},
     {"文化馆", "图书馆", "文物保护中心"},
     {"公共文化服务", "图书馆免费开放", "群众文化活动", "文化市场综合执法", "文物保护", "全民健身",
      "旅游宣传推广", "非物质文化遗产保护", "数字文化馆", "文化惠民演出", "体育赛事",
      "广播电视公共服务"}},
    {"农业农村局",
     "2130101",
     "2130104",
     {"2130108", "2130122", "2130306", NULL},
     {"农业技术推广站", "动物疫病预防控制中心", "水利工程管理站"},
     {"高标准农田建设", "农作物病虫害防治", "农业技术推广", "动物疫病防控", "农村人居环境整治",
      "农田水利设施维护", "乡村振兴", "农产品质量安全", "农业机械化", "耕地保护",
      "农村集体产权制度改革", "防汛抗旱"}},
    {"交通运输局",
     "2140101",
     NULL,
     {"2140104", "2140106", "2140112", NULL},
     {"公路事业发展中心", "交通运输综合执法大队", NULL},
     {"农村公路建设", "公路养护", "道路运输管理", "公交运营补贴", "交通运输执法", "桥梁加固",
      "客运站运行", "治超站运行", "交通安全设施", "智慧交通", NULL, NULL}},
    {"生态环境分局",
     "2110101",
     NULL,
     {"2110104", "2110301", "2110302", NULL},
     {"环境监测站", "环境监察大队", NULL},
     {"大气污染防治", "水污染防治", "环境监测", "生态环境保护宣传", "环境执法", "土壤污染防治",
      "噪声污染防治", "环境应急", "秸秆禁烧", "扬尘治理", "涉气企业视频监控", "黑臭水体治理"}},
    {"自然资源和规划局",
     "2200101",
     "2200150",
     {"2200104", "2200106", NULL},
     {"自然资源调查监测中心", "不动产登记中心", NULL},
     {"国土空间规划编制", "自然资源调查监测", "不动产登记", "耕地保护监督", "地质灾害防治",
      "测绘地理信息", "土地整治", "卫片执法", "城乡规划管理", NULL, NULL, NULL}},
    {"应急管理局",
     "2240101",
     "2240150",
     {"2240106", "2240108", NULL},
     {"应急救援保障中心", "安全生产执法大队", NULL},
     {"安全生产监管", "应急救援", "应急物资储备", "防汛抗旱", "森林防火", "安全生产宣传",
      "应急指挥平台", "危险化学品监管", "自然灾害风险普查", "应急演练", NULL, NULL}},
    {"医疗保障局",
     "2101501",
     NULL,
     {"2101506", NULL},
     {"医疗保障服务中心", NULL, NULL},
     {"医疗保障经办", "医保基金监管", "医保信息化", "异地就医结算", "医保政策宣传", "长期护理保险",
      NULL, NULL, NULL, NULL, NULL, NULL}},
    {"党群工作部",
     "2013101",
     "2013150",
     {"2013102", "2013105", NULL},
     {"党员教育中心", NULL, NULL},
     {"党员教育培训", "基层党建", "党建信息化", "人才工作", "宣传思想文化", "精神文明创建",
      "志愿服务", "统一战线", NULL, NULL, NULL, NULL}},
    {"新型智慧城市运行中心",
     "2010301",
     "2010350",
     {"2010302", "2010303", "2010399", NULL},
     {"数据服务中心", "信息中心", NULL},
     {"网格化基层治理", "12345政务服务便民热线", "数字城管", "城市运行管理平台", "视频融合场景",
      "电子政务外网", "指挥大厅", "城市安全态势感知", "政务云资源", "网络安全等级保护测评",
      "基层治理数据归集更新", "“一网统管”应用场景流程再造"}},
    {"商务局",
     "2011301",
     NULL,
     {"2011308", NULL},
     {"投资促进中心", NULL, NULL},
     {"招商引资", "外贸发展", "电子商务进农村", "消费促进", "商贸流通", "会展服务", "对外开放平台",
      NULL, NULL, NULL, NULL, NULL}},
    {"机关事务管理局",
     "2010301",
     "2010350",
     {"2010302", "2010303", NULL},
     {"机关服务中心", "公务用车服务中心", NULL},
     {"机关办公区物业管理", "公务用车保障", "公共机构节能", "办公用房维修", "机关食堂运营",
      "会议服务保障", NULL, NULL, NULL, NULL, NULL, NULL}},
};
#define NPROFILES ((int)(sizeof profiles / sizeof profiles[0]))

static const char *const regions[] = {
    "郑州市",         "郑州高新技术产业开发区",
    "郑东新区",       "金水区",
    "中原区",         "二七区",
    "管城回族区",     "惠济区",
    "上街区",         "巩义市",
    "荥阳市",         "新密市",
    "新郑市",         "登封市",
    "中牟县",         "郑州航空港经济综合实验区",
    "经济技术开发区", "开封市",
    "洛阳市",         "新乡市",
    "许昌市",         "南阳市",
    "兰考县",         "尉氏县",
};
static const char *const short_regions[] = {"", "", "市", "全区", "区", "智慧", "县"};
static const char *const actions[] = {"运维",     "建设",     "升级改造", "运行保障", "数据治理",
                                      "技术服务", "安全防护", "监理",     "评审",     "咨询服务",
                                      "培训",     "购买服务", "平台对接", "驻场服务", "宣传"};
static const char *const suffixes[] = {"专项经费", "工作经费", "经费",    "项目",
                                       "服务费",   "专项资金", "补助资金"};
static const char *const tails[] = {"（一期）",
                                    "（二期）",
                                    "（续建）",
                                    "（跨年度项目）",
                                    "（第一批）",
                                    "（含办事处配套）",
                                    "（市区两级平台衔接融合）",
                                    "（2024年度）"};

/* ---- one department ------------------------------------------------------ */

#define MAX_UNITS 4
#define MAX_ROWS 256

/* Money of one 功能分类 项 (or 款, 类) row. */
typedef struct frow {
    char code[8];
    long wages, family, goods, capital; /* 基本支出 by 经济分类 类 (all 一般公共预算) */
    long p_oper, p_targ;                /* 项目支出 (all money) by kind */
    long g_oper, g_targ;                /* 项目支出, its 一般公共预算 part */
    long special, own;                  /* 项目支出, its other sources */
} frow;

typedef struct unit {
    char code[40];
    char name[256];
    bool admin;
    frow rows[MAX_ROWS]; /* by 项, in code order once sorted */
    int nrows;
    long econ[NECON]; /* 基本支出 by 经济分类 款 */
} unit;

typedef struct project {
    int unit;
    const char *kind;
    char name[512];
    char code[32];
    char xiang[8];
    int econ;
    long total, gpb, special, own;
} project;

typedef struct dept {
    char code[16];
    char name[256];
    const profile *p;
    const char *region;
    unit units[MAX_UNITS];
    int nunits;
    project *projects;
    int nprojects;
} dept;

static frow *row_of(frow *rows, int *n, const char *code)
{
    for (int i = 0; i < *n; i++)
        if (!strcmp(rows[i].code, code)) return &rows[i];
    if (*n >= MAX_ROWS) die("internal: too many 科目 rows");
    frow *r = &rows[(*n)++];
    memset(r, 0, sizeof *r);
    snprintf(r->code, sizeof r->code, "%s", code);
    return r;
}

static int cmp_row(const void *a, const void *b)
{
    return strcmp(((const frow *)a)->code, ((const frow *)b)->code);
}

static long row_basic(const frow *r)
{
    return r->wages + r->family + r->goods + r->capital;
}

static long row_project(const frow *r)
{
    return r->p_oper + r->p_targ;
}

static long row_gpb(const frow *r)
{
    return row_basic(r) + r->g_oper + r->g_targ;
}

static void add_row(frow *to, const frow *r)
{
    to->wages += r->wages;
    to->family += r->family;
    to->goods += r->goods;
    to->capital += r->capital;
    to->p_oper += r->p_oper;
    to->p_targ += r->p_targ;
    to->g_oper += r->g_oper;
    to->g_targ += r->g_targ;
    to->special += r->special;
    to->own += r->own;
}

/* The 项 a 经济分类 item of basic spending is budgeted under. */
static const char *basic_xiang(const dept *d, const unit *u, const char *econ_code)
{
    if (!strcmp(econ_code, "30108")) return "2080505";
    if (!strcmp(econ_code, "30109")) return "2080506";
    if (!strcmp(econ_code, "30110")) return u->admin ? "2101101" : "2101102";
    if (!strcmp(econ_code, "30113")) return "2210201";
    if (!strcmp(econ_code, "30302")) return u->admin ? "2080501" : "2080502";
    return u->admin || !d->p->inst ? d->p->admin : d->p->inst;
}

static void add_basic(dept *d, unit *u, const char *econ_code, long amount)
{
    if (amount <= 0) return;
    int e = econ_index(econ_code);
    u->econ[e] += amount;
    frow *r = row_of(u->rows, &u->nrows, basic_xiang(d, u, econ_code));
    if (!strncmp(econ_code, "301", 3))
        r->wages += amount;
    else if (!strncmp(econ_code, "302", 3))
        r->goods += amount;
    else if (!strncmp(econ_code, "303", 3))
        r->family += amount;
    else if (!strncmp(econ_code, "310", 3))
        r->capital += amount;
    else
        die("internal: 经济分类 %s", econ_code);
}

/* Basic spending of one unit with `staff` people, in tenths of 万元. */
static void gen_basic(dept *d, unit *u, int staff)
{
    long s = staff;
    long base = s * between(25, 40); /* 基本工资 */
    long allow = s * between(20, 45);
    long bonus = s * between(3, 12);
    long perf = u->admin ? 0 : s * between(15, 40);
    long pay = base + allow + bonus + perf;
    add_basic(d, u, "30101", base);
    add_basic(d, u, "30102", allow);
    add_basic(d, u, "30103", bonus);
    add_basic(d, u, "30107", perf);
    add_basic(d, u, "30108", pay * 16 / 100);
    add_basic(d, u, "30109", pay * 8 / 100);
    add_basic(d, u, "30110", pay * 9 / 100);
    if (rnd(2)) add_basic(d, u, "30112", pay / 100 + 1);
    add_basic(d, u, "30113", pay * 12 / 100);
    if (rnd(3) == 0) add_basic(d, u, "30114", s * between(1, 3));
    if (rnd(2)) add_basic(d, u, "30199", s * between(1, 6));

    add_basic(d, u, "30201", s * between(3, 12));
    if (rnd(2)) add_basic(d, u, "30202", s * between(1, 3));
    if (rnd(3)) add_basic(d, u, "30205", between(5, 40));
    if (rnd(3)) add_basic(d, u, "30206", between(10, 200));
    if (rnd(2)) add_basic(d, u, "30207", between(5, 60));
    add_basic(d, u, "30211", s * between(1, 5));
    if (rnd(8) == 0) add_basic(d, u, "30212", between(10, 150));
    if (rnd(2)) add_basic(d, u, "30213", between(10, 300));
    if (rnd(4) == 0) add_basic(d, u, "30214", between(50, 5000));
    if (rnd(2)) add_basic(d, u, "30215", between(2, 30));
    if (rnd(2)) add_basic(d, u, "30216", s * between(1, 3));
    add_basic(d, u, "30217", between(1, 20)); /* the 三公 table always has a figure */
    add_basic(d, u, "30228", pay * 2 / 100 + 1);
    if (rnd(2)) add_basic(d, u, "30229", s * between(1, 3));
    if (rnd(3) == 0) add_basic(d, u, "30231", between(20, 150));
    if (rnd(2)) add_basic(d, u, "30239", s * between(2, 8));
    if (rnd(2)) add_basic(d, u, "30299", between(1, 100));
    long retired = staff * between(0, 40) / 100;
    add_basic(d, u, "30302", retired * between(30, 60));
    if (rnd(3) == 0) add_basic(d, u, "30305", retired * between(1, 5));
    if (rnd(6) == 0) add_basic(d, u, "30309", between(1, 20));
    if (rnd(4) == 0) add_basic(d, u, "31002", between(10, 300));
}

/* A project name of 6 to about 60 characters. */
static void project_name(const dept *d, char *out, size_t cap)
{
    const profile *p = d->p;
    int nsub = 0;
    while (nsub < 12 && p->subjects[nsub])
        nsub++;
    const char *sub = p->subjects[rnd(nsub)];
    const char *pre = rnd(3) ? PICK(short_regions) : d->region;
    int r = (int)rnd(100);
    if (r < 8) /* a long, compound name */
        snprintf(out, cap, "%s%s及%s%s%s%s", pre, sub, p->subjects[rnd(nsub)], PICK(actions),
                 PICK(suffixes), PICK(tails));
    else if (r < 25)
        snprintf(out, cap, "%s%s%s%s%s", pre, sub, PICK(actions), PICK(suffixes), PICK(tails));
    else if (r < 35)
        snprintf(out, cap, "%s%s", sub, PICK(suffixes));
    else
        snprintf(out, cap, "%s%s%s%s", pre, sub, PICK(actions), PICK(suffixes));
}

static int project_count(long lo, long hi)
{
    if (hi <= lo) return (int)lo;
    double u = uniform();
    double n = (double)lo * pow((double)hi / (double)lo, u * u * u * u);
    long k = lround(n);
    if (k < lo) k = lo;
    if (k > hi) k = hi;
    return (int)k;
}

static const char *const oper_econs[] = {"30226", "30213", "30299", "30218", "30202"};
static const char *const targ_econs[] = {"30227", "30227", "30227", "31002",
                                         "31005", "31099", "30216", "30299"};

static void gen_department(dept *d, unsigned long long seed, int index, long pmin, long pmax)
{
    rng_state =
        seed * 0x9E3779B97F4A7C15ull ^ ((unsigned long long)index + 1) * 0xD1B54A32D192ED03ull;
    rng_next();
    memset(d, 0, sizeof *d);
    d->p = &profiles[(index + rnd(3) * 7) % NPROFILES];
    d->region = PICK(regions);
    snprintf(d->name, sizeof d->name, "%s%s", d->region, d->p->body);
    if (index < 900)
        snprintf(d->code, sizeof d->code, "%03d", 101 + index);
    else
        snprintf(d->code, sizeof d->code, "%d", 1001 + index);

    int ninst = 0;
    while (ninst < 3 && d->p->units[ninst])
        ninst++;
    int r = (int)rnd(100);
    d->nunits = r < 55 ? 1 : r < 80 ? 2 : r < 93 ? 3 : 4;
    if (d->nunits > ninst + 1) d->nunits = ninst + 1;
    for (int i = 0; i < d->nunits; i++) {
        unit *u = &d->units[i];
        u->admin = i == 0;
        if (d->nunits == 1)
            snprintf(u->code, sizeof u->code, "%s", d->code);
        else
            snprintf(u->code, sizeof u->code, "%s%03d", d->code, i + 1);
        if (i == 0)
            snprintf(u->name, sizeof u->name, "%s", d->name);
        else
            snprintf(u->name, sizeof u->name, "%s%s", d->region, d->p->units[i - 1]);
        gen_basic(d, u, (int)(u->admin ? between(12, 160) : between(5, 90)));
    }

    d->nprojects = project_count(pmin, pmax);
    d->projects = calloc((size_t)d->nprojects + 1, sizeof *d->projects);
    if (!d->projects) die("out of memory");
    int nproj = 0;
    while (nproj < 6 && d->p->proj[nproj])
        nproj++;
    /* big departments have smaller projects */
    long big = d->nprojects > 200 ? 200L * 100 / d->nprojects : 100;
    for (int i = 0; i < d->nprojects; i++) {
        project *pr = &d->projects[i];
        /* the department itself holds about half of the projects */
        pr->unit = d->nunits == 1 || rnd(2) ? 0 : (int)between(1, d->nunits - 1);
        if (i < d->nunits) pr->unit = i; /* every unit has a project */
        bool targ = rnd(100) < 70;
        pr->kind = targ ? "特定目标类" : "其他运转类";
        project_name(d, pr->name, sizeof pr->name);
        snprintf(pr->xiang, sizeof pr->xiang, "%s", d->p->proj[rnd(nproj)]);
        pr->econ = econ_index(targ ? PICK(targ_econs) : PICK(oper_econs));
        int t = (int)rnd(100);
        if (t < 45)
            pr->total = between(5, 500); /* 0.5 .. 50.0 */
        else if (t < 90 || rnd(100) >= big)
            pr->total = between(500, 5000); /* 50.0 .. 500.0 */
        else
            pr->total = between(5000, 30000); /* 500.0 .. 3000.0 */
        pr->gpb = pr->total;
        int s = (int)rnd(100);
        if (s < 8) {
            pr->own = pr->total * between(1, 5) / 10;
            pr->gpb = pr->total - pr->own;
        } else if (s < 12) {
            pr->special = pr->total / 2;
            pr->gpb = pr->total - pr->special;
        } else if (s < 14) {
            pr->own = pr->total;
            pr->gpb = 0;
        }
        snprintf(pr->code, sizeof pr->code, "41%04d24%04ld%08d", (int)(index % 10000),
                 strtol(d->code, NULL, 10) % 10000, i + 1);
        unit *u = &d->units[pr->unit];
        frow *fr = row_of(u->rows, &u->nrows, pr->xiang);
        if (targ) {
            fr->p_targ += pr->total;
            fr->g_targ += pr->gpb;
        } else {
            fr->p_oper += pr->total;
            fr->g_oper += pr->gpb;
        }
        fr->special += pr->special;
        fr->own += pr->own;
    }
    for (int i = 0; i < d->nunits; i++)
        qsort(d->units[i].rows, (size_t)d->units[i].nrows, sizeof(frow), cmp_row);
}

/* ---- the twelve tables --------------------------------------------------- */

/* 科目 rows merged over units, with their 款 and 类 parents, in code order. */
static int merged_rows(const dept *d, frow *out)
{
    int n = 0;
    for (int i = 0; i < d->nunits; i++)
        for (int k = 0; k < d->units[i].nrows; k++) {
            const frow *r = &d->units[i].rows[k];
            char c3[8], c5[8];
            snprintf(c3, sizeof c3, "%.3s", r->code);
            snprintf(c5, sizeof c5, "%.5s", r->code);
            add_row(row_of(out, &n, c3), r);
            add_row(row_of(out, &n, c5), r);
            add_row(row_of(out, &n, r->code), r);
        }
    qsort(out, (size_t)n, sizeof *out, cmp_row);
    return n;
}

typedef struct totals {
    long B, wages, family, goods, capital; /* 基本支出 */
    long T, G, S, O;                       /* 项目支出 and its sources */
    long T_oper, T_targ, G_oper, G_targ;
} totals;

static totals dept_totals(const dept *d)
{
    totals t;
    memset(&t, 0, sizeof t);
    for (int i = 0; i < d->nunits; i++)
        for (int k = 0; k < d->units[i].nrows; k++) {
            const frow *r = &d->units[i].rows[k];
            t.wages += r->wages;
            t.family += r->family;
            t.goods += r->goods;
            t.capital += r->capital;
            t.T_oper += r->p_oper;
            t.T_targ += r->p_targ;
            t.G_oper += r->g_oper;
            t.G_targ += r->g_targ;
            t.S += r->special;
            t.O += r->own;
        }
    t.B = t.wages + t.family + t.goods + t.capital;
    t.T = t.T_oper + t.T_targ;
    t.G = t.G_oper + t.G_targ;
    return t;
}

/* 类 totals: all money (table 1) and 一般公共预算 (table 4). */
static void class_totals(const frow *rows, int n, const char *cls, long *all, long *gpb)
{
    *all = *gpb = 0;
    for (int i = 0; i < n; i++)
        if (!strcmp(rows[i].code, cls)) {
            *all = row_basic(&rows[i]) + row_project(&rows[i]);
            *gpb = row_gpb(&rows[i]);
        }
}

static const struct {
    const char *cls, *label;
} out01[] = {
    {"201", "一、一般公共服务"},
    {"202", "二、外交"},
    {"203", "三、国防"},
    {"204", "四、公共安全"},
    {"205", "五、教育"},
    {"206", "六、科学技术"},
    {"207", "七、文化旅游体育与传媒"},
    {"208", "八、社会保障和就业"},
    {"209", "九、社会保险基金支出"},
    {"210", "十、卫生健康"},
    {"211", "十一、节能环保"},
    {"212", "十二、城乡社区事务"},
    {"213", "十三、农林水事务"},
    {"214", "十四、交通运输"},
    {"215", "十五、资源勘探信息等"},
    {"216", "十六、商业服务业等"},
    {"217", "十七、金融支出"},
    {"219", "十九、援助其他地区支出"},
    {"220", "二十、自然资源海洋气象等支出"},
    {"221", "二十一、住房保障支出"},
    {"222", "二十二、粮油物资储备支出"},
    {"223", "二十三、国有资本经营预算"},
    {"224", "二十四、灾害防治及应急管理"},
    {"227", "二十七、预备费"},
    {"229", "二十九、其他支出"},
    {"230", "三十、转移性支出"},
    {"231", "三十一、债务还本支出"},
    {"232", "三十二、债务付息支出"},
    {"233", "三十三、债务发行费用支出"},
    {"234", "三十四、抗疫特别国债安排的支出"},
};

static const struct {
    const char *cls, *label;
} out04[] = {
    {"201", "（一）一般公共服务支出"},
    {"202", "（二）外交支出"},
    {"203", "（三）国防支出"},
    {"204", "（四）公共安全支出"},
    {"205", "（五）教育支出"},
    {"206", "（六）科学技术支出"},
    {"207", "（七）文化体育旅游与传媒支出"},
    {"208", "（八）社会保障和就业支出"},
    {"", "（九）医疗卫生与计划生育支出"},
    {"210", "（十）卫生健康支出"},
    {"211", "（十一）节能环保支出"},
    {"212", "（十二）城乡社区事务支出"},
    {"213", "（十三）农林水事务支出"},
    {"214", "（十四）交通运输支出"},
    {"215", "（十五）资源勘探信息等支出"},
    {"216", "（十六）商业服务业等支出"},
    {"217", "（十七）金融支出"},
    {"219", "（十九）援助其他地区支出"},
    {"220", "（二十）自然资源海洋气象等支出"},
    {"221", "（二十一）住房保障支出"},
    {"222", "（二十二）粮油物资储备支出"},
    {"223", "（二十三）国有资本经营预算"},
    {"224", "（二十四）灾害防治及应急管理"},
    {"227", "（二十七）预备费"},
    {"229", "（二十九）其他支出"},
    {"230", "（三十）转移性支出"},
    {"231", "(三十一) 债务还本支出"},
    {"232", "(三十二) 债务付息支出"},
    {"233", "(三十三) 债务发行费用支出"},
    {"234", "(三十四) 抗疫特别国债安排的支出"},
    {"", "二、年终结转结余"},
};

static void write_01(const char *dir, const frow *rows, int n, const totals *t)
{
    static const char *const in[] = {"一、一般公共预算",           "其中：财政拨款",
                                     "二、政府性基金预算拨款收入", "三、国有资本经营预算拨款收入",
                                     "四、财政专户管理资金收入",   "五、事业收入",
                                     "六、事业单位经营收入",       "七、上级补助收入",
                                     "八、附属单位上缴收入",       "九、其他收入"};
    long gpb = t->B + t->G, all = t->B + t->T;
    long inv[10] = {gpb, gpb, 0, 0, t->S, 0, 0, 0, 0, t->O};
    FILE *f = open_out(dir, "01-income-expense.csv");
    fprintf(f, "in_item,in_amount,out_item,out_amount\n");
    for (size_t i = 0; i < sizeof out01 / sizeof out01[0]; i++) {
        long a, g;
        class_totals(rows, n, out01[i].cls, &a, &g);
        if (i < 10)
            fprintf(f, "%s,%s,", in[i], cell(inv[i]));
        else
            fprintf(f, ",,");
        fprintf(f, "%s,%s\n", out01[i].label, cell(a));
    }
    fprintf(f, "本年收入合计,%s,本年支出合计,%s\n", money(all), money(all));
    fprintf(f, "上年结转结余,,年终结转结余,\n");
    fprintf(f, "收入总计,%s,支出总计,%s\n", money(all), money(all));
    close_out(f);
}

static void write_02(const char *dir, const frow *rows, int n, const totals *t)
{
    FILE *f = open_out(dir, "02-income.csv");
    fprintf(f, "code,name,total,gpb,fund,soc,special,business,operating,superior,affiliated,"
               "other,carryover\n");
    fprintf(f, ",合计,%s,%s,,,%s,,,,,%s,\n", money(t->B + t->T), cell(t->B + t->G), cell(t->S),
            cell(t->O));
    for (int i = 0; i < n; i++) {
        const frow *r = &rows[i];
        fprintf(f, "%s,", r->code);
        csv(f, func_name(r->code));
        fprintf(f, ",%s,%s,,,%s,,,,,%s,\n", money(row_basic(r) + row_project(r)), cell(row_gpb(r)),
                cell(r->special), cell(r->own));
    }
    close_out(f);
}

static void write_03_row(FILE *f, long total, long basic, long wages, long family, long goods,
                         long capital, long project, long oper, long targ)
{
    fprintf(f, ",%s,%s,%s,%s,%s,%s,%s,%s,%s\n", cell(total), cell(basic), cell(wages), cell(family),
            cell(goods), cell(capital), cell(project), cell(oper), cell(targ));
}

static void write_03(const char *dir, const dept *d, const totals *t)
{
    FILE *f = open_out(dir, "03-expenditure.csv");
    fprintf(f, "cls,kuan,xiang,unit_code,name,total,basic_total,basic_wages,basic_family,"
               "basic_goods,basic_capital,project_total,project_operating,project_targeted\n");
    fprintf(f, ",,,,合计");
    write_03_row(f, t->B + t->T, t->B, t->wages, t->family, t->goods, t->capital, t->T, t->T_oper,
                 t->T_targ);
    for (int i = 0; i < d->nunits; i++) {
        const unit *u = &d->units[i];
        frow sum;
        memset(&sum, 0, sizeof sum);
        for (int k = 0; k < u->nrows; k++)
            add_row(&sum, &u->rows[k]);
        fprintf(f, ",,,%s,", u->code);
        csv(f, u->name);
        write_03_row(f, row_basic(&sum) + row_project(&sum), row_basic(&sum), sum.wages, sum.family,
                     sum.goods, sum.capital, row_project(&sum), sum.p_oper, sum.p_targ);
        for (int k = 0; k < u->nrows; k++) {
            const frow *r = &u->rows[k];
            fprintf(f, "%.3s,%.2s,%.2s,,", r->code, r->code + 3, r->code + 5);
            csv(f, func_name(r->code));
            write_03_row(f, row_basic(r) + row_project(r), row_basic(r), r->wages, r->family,
                         r->goods, r->capital, row_project(r), r->p_oper, r->p_targ);
        }
    }
    close_out(f);
}

static void write_04(const char *dir, const frow *rows, int n, const totals *t)
{
    static const char *const in[] = {"（一）一般公共预算拨款",
                                     "其中：财政拨款",
                                     "（二）政府性基金预算拨款",
                                     "（三）国有资本经营预算拨款",
                                     "二、上年结转",
                                     "（一）一般公共预算拨款",
                                     "（二）政府性基金预算拨款",
                                     "（三）国有资本经营预算拨款"};
    long gpb = t->B + t->G;
    long inv[8] = {gpb, gpb, 0, 0, 0, 0, 0, 0};
    FILE *f = open_out(dir, "04-fiscal-income-expense.csv");
    fprintf(f, "in_item,in_amount,out_item,out_total,out_gpb,out_gpb_fiscal,out_fund,out_soc\n");
    fprintf(f, "一、本年收入,%s,一、本年支出,%s,%s,%s,,\n", money(gpb), money(gpb), money(gpb),
            money(gpb));
    for (size_t i = 0; i < sizeof out04 / sizeof out04[0]; i++) {
        long a = 0, g = 0;
        if (out04[i].cls[0]) class_totals(rows, n, out04[i].cls, &a, &g);
        if (i < 8)
            fprintf(f, "%s,%s,", in[i], cell(inv[i]));
        else
            fprintf(f, ",,");
        fprintf(f, "%s,%s,%s,%s,,\n", out04[i].label, cell(g), cell(g), cell(g));
    }
    fprintf(f, "收入合计:,%s,支出合计,%s,%s,%s,,\n", money(gpb), money(gpb), money(gpb),
            money(gpb));
    close_out(f);
}

static void write_05(const char *dir, const frow *rows, int n, const totals *t)
{
    FILE *f = open_out(dir, "05-gpb-expenditure.csv");
    fprintf(f, "code,name,total,basic_total,basic_wages,basic_family,basic_goods,basic_capital,"
               "project_total,project_operating,project_targeted\n");
    fprintf(f, ",合计,%s,%s,%s,%s,%s,%s,%s,%s,%s\n", money(t->B + t->G), cell(t->B), cell(t->wages),
            cell(t->family), cell(t->goods), cell(t->capital), cell(t->G), cell(t->G_oper),
            cell(t->G_targ));
    for (int i = 0; i < n; i++) {
        const frow *r = &rows[i];
        if (!row_gpb(r)) continue;
        fprintf(f, "%s,", r->code);
        csv(f, func_name(r->code));
        fprintf(f, ",%s,%s,%s,%s,%s,%s,%s,%s,%s\n", zero(row_gpb(r)), zero(row_basic(r)),
                zero(r->wages), zero(r->family), zero(r->goods), zero(r->capital),
                zero(r->g_oper + r->g_targ), zero(r->g_oper), zero(r->g_targ));
    }
    close_out(f);
}

static void write_06(const char *dir, const dept *d, const totals *t)
{
    FILE *f = open_out(dir, "06-gpb-basic.csv");
    fprintf(f, "dept_code,dept_name,gov_code,gov_name,total,personnel,public\n");
    fprintf(f, "合计,<,<,<,%s,%s,%s\n", money(t->B), cell(t->wages + t->family),
            cell(t->goods + t->capital));
    for (int e = 0; e < NECON; e++) {
        long a = 0;
        for (int i = 0; i < d->nunits; i++)
            a += d->units[i].econ[e];
        if (!a) continue;
        bool personnel = econs[e].code[2] == '1' && econs[e].code[1] == '0';
        personnel |= !strncmp(econs[e].code, "303", 3);
        fprintf(f, "%s,", econs[e].code);
        csv(f, econs[e].name);
        fprintf(f, ",%s,", econs[e].gov);
        csv(f, econs[e].gov_name);
        fprintf(f, ",%s,%s,%s\n", money(a), personnel ? money(a) : "", personnel ? "" : money(a));
    }
    close_out(f);
}

static void write_07(const char *dir, const dept *d, const totals *t)
{
    long basic[NECON], proj[NECON];
    memset(basic, 0, sizeof basic);
    memset(proj, 0, sizeof proj);
    for (int i = 0; i < d->nunits; i++)
        for (int e = 0; e < NECON; e++)
            basic[e] += d->units[i].econ[e];
    for (int i = 0; i < d->nprojects; i++)
        proj[d->projects[i].econ] += d->projects[i].total;
    FILE *f = open_out(dir, "07-economic.csv");
    fprintf(f, "code,name,total,basic,project\n");
    fprintf(f, ",合计,%s,%s,%s\n", money(t->B + t->T), cell(t->B), cell(t->T));
    for (int c = 0; c < NECON; c++) {
        if (strlen(econs[c].code) != 3) continue;
        long cb = 0, cp = 0;
        for (int e = 0; e < NECON; e++)
            if (strlen(econs[e].code) == 5 && !strncmp(econs[e].code, econs[c].code, 3))
                cb += basic[e], cp += proj[e];
        if (!cb && !cp) continue;
        fprintf(f, "%s,%s,%s,%s,%s\n", econs[c].code, econs[c].name, money(cb + cp), cell(cb),
                cell(cp));
        for (int e = 0; e < NECON; e++) {
            if (strlen(econs[e].code) != 5 || strncmp(econs[e].code, econs[c].code, 3)) continue;
            if (!basic[e] && !proj[e]) continue;
            fprintf(f, "%s,", econs[e].code);
            csv(f, econs[e].name);
            fprintf(f, ",%s,%s,%s\n", money(basic[e] + proj[e]), cell(basic[e]), cell(proj[e]));
        }
    }
    close_out(f);
}

static void write_08(const char *dir, const dept *d)
{
    long abroad = 0, running = 0, reception = 0;
    for (int i = 0; i < d->nunits; i++) {
        abroad += d->units[i].econ[econ_index("30212")];
        running += d->units[i].econ[econ_index("30231")];
        reception += d->units[i].econ[econ_index("30217")];
    }
    FILE *f = open_out(dir, "08-three-public.csv");
    fprintf(f, "total,abroad,car_total,car_purchase,car_running,reception\n");
    fprintf(f, "%s,%s,%s,,%s,%s\n", money(abroad + running + reception), cell(abroad),
            cell(running), cell(running), cell(reception));
    close_out(f);
}

static void write_09(const char *dir)
{
    FILE *f = open_out(dir, "09-fund.csv");
    fprintf(f, "code,name,total,basic_total,basic_wages,basic_family,basic_goods,basic_capital,"
               "project_total,project_operating,project_targeted\n");
    close_out(f);
}

static void write_10(const char *dir, const dept *d, const totals *t)
{
    FILE *f = open_out(dir, "10-projects.csv");
    fprintf(f, "kind,name,unit,total,cur_gpb,cur_fund,cur_soc,carry_gpb,carry_fund,carry_soc,"
               "special,own\n");
    fprintf(f, ",,,%s,%s,,,,,,%s,%s\n", money(t->T), cell(t->G), cell(t->S), cell(t->O));
    for (int i = 0; i < d->nunits; i++) {
        long T = 0, G = 0, S = 0, O = 0;
        for (int k = 0; k < d->nprojects; k++) {
            const project *p = &d->projects[k];
            if (p->unit != i) continue;
            T += p->total, G += p->gpb, S += p->special, O += p->own;
        }
        fprintf(f, ",%s,", d->units[i].code);
        csv(f, d->units[i].name);
        fprintf(f, ",%s,%s,,,,,,%s,%s\n", money(T), cell(G), cell(S), cell(O));
        for (int k = 0; k < d->nprojects; k++) {
            const project *p = &d->projects[k];
            if (p->unit != i) continue;
            fprintf(f, "%s,", p->kind);
            csv(f, p->name);
            fputc(',', f);
            csv(f, d->units[i].name);
            fprintf(f, ",%s,%s,,,,,,%s,%s\n", money(p->total), cell(p->gpb), cell(p->special),
                    cell(p->own));
        }
    }
    close_out(f);
}

static void write_11(const char *dir, const dept *d, const totals *t, int year)
{
    const profile *p = d->p;
    int nsub = 0;
    while (nsub < 12 && p->subjects[nsub])
        nsub++;
    const char *s1 = p->subjects[0], *s2 = p->subjects[1 % nsub], *s3 = p->subjects[2 % nsub];
    FILE *f = open_out(dir, "11-dept-performance.csv");
    fprintf(f, "c1,c2,c3,c4,c5\n");
    fprintf(f,
            "年度履职目标,%d年，%s围绕中心工作，统筹推进%s、%s和%s等重点任务，"
            "强化预算绩效管理，提高资金使用效益，确保各项工作任务按期保质完成。,<,<,<\n",
            year, d->name, s1, s2, s3);
    fprintf(f, "年度主要任务,任务名称,主要内容,<,<\n");
    fprintf(f,
            "^,做好%s工作,按照年度计划推进%s，完善工作机制，加强过程管理和监督检查，"
            "确保任务按时完成、资金安全高效。,<,<\n",
            s1, s1);
    fprintf(f,
            "^,推进%s,围绕%s和%s，细化任务分工，明确时间节点，"
            "做好绩效运行监控和年度绩效自评。,<,<\n",
            s2, s2, s3);
    fprintf(f, "预算情况,部门预算总额（万元）,<,%s,<\n", grouped(t->B + t->T));
    fprintf(f, "^,1、资金来源：,（1）政府预算资金,%s,<\n", grouped(t->B + t->G));
    fprintf(f, "^,^,（2）财政专户管理资金,%s,<\n", grouped(t->S));
    fprintf(f, "^,^,（3）单位资金,%s,<\n", grouped(t->O));
    fprintf(f, "^,2、资金结构：,（1）基本支出,%s,<\n", grouped(t->B));
    fprintf(f, "^,^,（2）项目支出,%s,<\n", grouped(t->T));
    fprintf(f, "一级指标,二级指标,三级指标,指标值,指标值说明\n");
    fprintf(f, "投入管理指标,工作目标管理,年度履职目标相关性,相关,"
               "年度履职目标是否符合发展规划和部门职责，与重点工作相关。\n");
    fprintf(f, "^,^,工作任务科学性,科学,工作任务是否有明确的绩效目标，能否体现产出和效果。\n");
    fprintf(f, "^,预算和财务管理,预算执行率,≥90%%,预算执行率=（预算完成数/预算数）×100%%。\n");
    fprintf(f, "^,^,预算调整率,≤10%%,"
               "预算调整率=（预算调整数-年初预算数）/年初预算数×100%%。\n");
    fprintf(f, "^,^,“三公经费”控制率,≤100%%,"
               "“三公经费”控制率=本年度“三公经费”实际支出数/“三公经费”预算数×100%%。\n");
    fprintf(f, "产出指标,重点工作任务完成,%s完成率,≥95%%,\n", s1);
    fprintf(f, "^,履职目标实现,%s按期完成率,100%%,\n", s2);
    fprintf(f, "效益指标,履职效益,%s服务水平,提升,\n", s3);
    fprintf(f, "^,满意度,服务对象满意度,≥90%%,\n");
    close_out(f);
}

static void write_12(const char *dir, const dept *d, const totals *t)
{
    static const char *const cost[][2] = {{"预算执行率", "≥90%"},
                                          {"预算调整率", "≤10%"},
                                          {"项目成本控制", "≤预算"},
                                          {"单位服务成本", "≤45元/人月"},
                                          {"会议培训费标准", "≤80元/人天"}};
    static const char *const output[][2] = {{"服务覆盖率", "≥95%"},      {"完成任务数量", "≥12次"},
                                            {"培训人次", "≥300人次"},    {"系统正常运行率", "≥99%"},
                                            {"验收合格率", "100%"},      {"问题整改率", "100%"},
                                            {"故障修复时间", "≤48小时"}, {"巡检次数", "≥90次"}};
    static const char *const benefit[][2] = {{"服务质量", "提升"},
                                             {"群众办事便利度", "提高"},
                                             {"社会负面舆论事件", "0件"},
                                             {"安全事故", "0次"},
                                             {"工作效率", "提升"}};
    static const char *const satisfy[][2] = {{"服务对象满意度", "≥90%"}, {"群众满意度", "≥95%"}};
    FILE *f = open_out(dir, "12-project-performance.csv");
    fprintf(f, "code,name,amt_total,amt_gov,amt_special,amt_own,cost_ind,cost_val,output_ind,"
               "output_val,benefit_ind,benefit_val,satisfy_ind,satisfy_val\n");
    fprintf(f, "%s,,%s,%s,%s,%s,,,,,,,,\n", d->code, money(t->T), cell(t->G), cell(t->S),
            cell(t->O));
    for (int i = 0; i < d->nunits; i++) {
        long T = 0, G = 0, S = 0, O = 0;
        for (int k = 0; k < d->nprojects; k++) {
            const project *p = &d->projects[k];
            if (p->unit != i) continue;
            T += p->total, G += p->gpb, S += p->special, O += p->own;
        }
        if (d->nunits == 1)
            fprintf(f, "%s001,", d->code);
        else
            fprintf(f, "%s,", d->units[i].code);
        csv(f, d->units[i].name);
        fprintf(f, ",%s,%s,%s,%s,,,,,,,,\n", money(T), cell(G), cell(S), cell(O));
        for (int k = 0; k < d->nprojects; k++) {
            const project *p = &d->projects[k];
            if (p->unit != i) continue;
            int lines = 1 + (int)rnd(3);
            for (int l = 0; l < lines; l++) {
                fprintf(f, "%s,", p->code);
                csv(f, p->name);
                fprintf(f, ",%s,%s,%s,%s", money(p->total), cell(p->gpb), cell(p->special),
                        cell(p->own));
                const char *const(*c)[2] = l < 2 ? &cost[rnd(5)] : NULL;
                const char *const(*o)[2] = &output[rnd(8)];
                const char *const(*b)[2] = l == 0 || rnd(2) ? &benefit[rnd(5)] : NULL;
                const char *const(*s)[2] = l == 0 ? &satisfy[rnd(2)] : NULL;
                fprintf(f, ",%s,%s,%s,%s,%s,%s,%s,%s\n", c ? (*c)[0] : "", c ? (*c)[1] : "",
                        (*o)[0], (*o)[1], b ? (*b)[0] : "", b ? (*b)[1] : "", s ? (*s)[0] : "",
                        s ? (*s)[1] : "");
            }
        }
    }
    close_out(f);
}

static void write_department(const char *root, int index, const dept *d, int year)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/dept-%04d", root, index + 1);
    if (mkdir(dir, 0755) != 0 && errno != EEXIST) die("cannot create %s: %s", dir, strerror(errno));
    FILE *f = open_out(dir, "department.yaml");
    fprintf(f, "# generated by gen-departments: %d projects in %d unit%s\n", d->nprojects,
            d->nunits, d->nunits == 1 ? "" : "s");
    fprintf(f,
            "name: %s\ncode: \"%s\"\nyear: %d\nunit: 万元\nlayouts: standard-2024\n"
            "encoding: utf-8\n",
            d->name, d->code, year);
    close_out(f);
    frow rows[MAX_ROWS * 3];
    int n = merged_rows(d, rows);
    totals t = dept_totals(d);
    write_01(dir, rows, n, &t);
    write_02(dir, rows, n, &t);
    write_03(dir, d, &t);
    write_04(dir, rows, n, &t);
    write_05(dir, rows, n, &t);
    write_06(dir, d, &t);
    write_07(dir, d, &t);
    write_08(dir, d);
    write_09(dir);
    write_10(dir, d, &t);
    write_11(dir, d, &t, year);
    write_12(dir, d, &t);
}

static void usage(FILE *f)
{
    fprintf(f, "usage: gen-departments [-n COUNT] [-s SEED] [--projects MIN-MAX] OUTDIR\n"
               "Writes COUNT synthetic departments (default 10) into OUTDIR/dept-0001 ...,\n"
               "each a department.yaml and the twelve CSV files of standard-2024 whose\n"
               "figures pass budgetpdf check. SEED (default 1) makes the output\n"
               "reproducible; MIN-MAX (default 10-3000) bounds the projects per\n"
               "department (most have few: median 14, mean about 160 for 10-3000).\n");
}

int main(int argc, char **argv)
{
    long count = 10, pmin = 10, pmax = 3000;
    unsigned long long seed = 1;
    const char *out = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        char *end;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "-n") && i + 1 < argc) {
            count = strtol(argv[++i], &end, 10);
            if (*end || count < 1 || count > 100000) die("-n: expected 1 .. 100000");
        } else if (!strcmp(a, "-s") && i + 1 < argc) {
            seed = strtoull(argv[++i], &end, 10);
            if (*end) die("-s: expected an unsigned integer");
        } else if (!strcmp(a, "--projects") && i + 1 < argc) {
            const char *v = argv[++i];
            pmin = strtol(v, &end, 10);
            if (*end == '-')
                pmax = strtol(end + 1, &end, 10);
            else
                pmax = pmin;
            if (*end || pmin < 1 || pmax < pmin || pmax > 50000)
                die("--projects: expected MIN-MAX with 1 <= MIN <= MAX <= 50000");
        } else if (a[0] == '-') {
            usage(stderr);
            return 2;
        } else if (!out) {
            out = a;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!out) {
        usage(stderr);
        return 2;
    }
    if (mkdir(out, 0755) != 0 && errno != EEXIST) die("cannot create %s: %s", out, strerror(errno));
    for (int i = 0; i < count; i++) {
        dept d;
        gen_department(&d, seed, i, pmin, pmax);
        write_department(out, i, &d, 2024);
        free(d.projects);
    }
    return 0;
}
