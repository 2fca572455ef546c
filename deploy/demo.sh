#!/usr/bin/env bash
# A day at a county government's service window (依申请公开), played against a running stack:
# requests are registered, routed, answered, screened and reviewed, signed off where information
# is withheld, and replied. One draft is returned by review and fixed, one goes to the dispatcher,
# one is held by a township and registered there from the first reply (Art. 36(5)). Older post
# leaves cases overdue and due soon, whose reminders reach the department and the managers. The
# county's disclosure office then looks at every agency: the overview and the 通报. It ends with
# the year's annual report table.
# Run by `deploy/local.sh demo`; needs the services up and GONGKAI_* addresses exported.
set -euo pipefail

G="${GONGKAI_BIN:?}/gongkai"
TODAY=$(TZ=CST-8 date +%F)
days_ago() { TZ=CST-8 date -d "$TODAY -$1 days" +%F; }

# The people of the office, each signed in with their own account (deploy/local.sh made them):
# who does what is recorded in every case's history, and each may do only what their role does.
TOKENS="${GONGKAI_TOKENS:?}"
as() { local user=$1; shift; "$G" --token_file="$TOKENS/$user" "$@"; }
clerk() { as chuangkou01 "$@"; }
dispatcher() { as diaodu01 "$@"; }
# The county government's units' officers; its unit jyj's is xzf-jyj-officer (jyj-officer is the
# education bureau's own).
officer() {
  local dept=$1 user="$1-officer"
  shift
  [ "$dept" = jyj ] && user=xzf-jyj-officer
  as "$user" "$@"
}
county() { as gongkai01 "$@"; }  # a manager of the county's disclosure office
reviewer() { as baomi01 "$@"; }
head() { as zhuren01 "$@"; }
manager() { as manager01 "$@"; }

declare -a CASES=()

# register NAME TYPE ID_TYPE ID_NUMBER CHANNEL RECEIVED DELIVERY DESCRIPTION [FLAGS...]
register() {
  local number
  number=$(clerk --json register "${@:9}" --request_id="demo-$(date +%s%N)" --name="$1" \
    --applicant_type="$2" --id_type="$3" --id_number="$4" --phone=05513350000 \
    --address="安徽省六安市舒城县城关镇梅河路1号" --email=applicant@example.cn --channel="$5" \
    --received="$6" --delivery="$7" --form=paper --description="$8" | jq -r '.case.case_number')
  # Routing happens in the routing service, from the Redis stream: wait for its decision.
  local routed
  routed=$(clerk --json wait "$number" --state=assigned,dispatch | jq -r '.state')
  local due
  due=$(clerk --json show "$number" | jq -r '.deadline.due_date + (if .deadline.provisional then " (provisional)" else "" end)')
  echo "$number  ${routed#CASE_STATE_}  due $due  $1: $8" >&2
  echo "$number"
}

# draft CASE DEPT OUTCOME TEXT GROUNDS [FLAGS...]: the department accepts and drafts.
draft() {
  local number=$1 dept=$2
  officer "$dept" accept "$number" >/dev/null
  officer "$dept" draft "$number" --outcome="$3" --text="$4" --grounds="$5" "${@:6}" >/dev/null
}

# review CASE: the reviewer clears; a decision that withholds information (不予公开, 部分公开)
# then needs the office head's second sign-off.
review() {
  local state
  state=$(reviewer --json clear "$1" --comments="经保密审查，可以发出" | jq -r .state)
  if [ "$state" = CASE_STATE_SIGN_OFF ]; then
    head sign-off "$1" --comments="同意" >/dev/null
    echo "  $1 withholds information: cleared by review, signed off by the office head" >&2
  fi
}

# answer CASE DEPT OUTCOME TEXT GROUNDS [FLAGS...]: drafted and reviewed.
answer() {
  draft "$@"
  review "$1"
}

# deliver CASE METHOD: the reply service prepares the letter; the window records delivery.
deliver() {
  clerk wait "$1" --state=reply_ready >/dev/null
  clerk issue "$1" --delivered_by="$2" --reference="签收-$1" >/dev/null
}

echo "== 上午: the window registers the day's requests (routing decides each department)"
c1=$(register 张三 natural_person resident_id_card 11010519491231002X in_person "$TODAY" pickup \
  "2025年县级财政预算、决算及三公经费公开情况")
c2=$(register 舒城县皖江建材有限公司 commercial_enterprise unified_social_credit_code \
  91340100MA2MWXKC55 registered_post "$(days_ago 6)" post \
  "城关镇梅河路地块国有土地使用权出让合同及规划条件")
c3=$(register 李四 natural_person resident_id_card 341523198001010014 ordinary_letter \
  "$(days_ago 3)" post "本人2024年度养老保险缴费记录及核定依据" --confirmed="$(days_ago 2)")
c4=$(register 王五 natural_person resident_id_card 11010519491231002X registered_post \
  "$(days_ago 8)" post "杭埠镇棚户区改造项目拆迁补偿标准")
c5=$(register 安徽舒航律师事务所 legal_service_institution unified_social_credit_code \
  31340000MD0264371K online "$TODAY" email "县生态环境分局2025年对化工企业排污的行政处罚决定书")
c6=$(register 赵六 natural_person passport E12345678 online "$TODAY" email \
  "县第一中学2025年招生计划和学区划分")
c7=$(register 合肥环境研究院 research_institution unified_social_credit_code \
  12340000485960107B online "$TODAY" email "全县2025年空气质量监测月度数据")
c8=$(register 孙七 natural_person resident_id_card 341523198001010014 in_person "$TODAY" pickup \
  "举报某村干部违规占用集体资金，请求调查处理")
c9=$(register 周八 natural_person resident_id_card 11010519491231002X in_person "$TODAY" pickup \
  "城关镇老街道路改造工程的施工许可")
c10=$(register 舒城县助残公益协会 social_welfare_organization unified_social_credit_code \
  53341523MJ0000001D registered_post "$(days_ago 5)" post "2025年县级残疾人专项资金使用情况")
c11=$(register 吴九 natural_person resident_id_card 341523198001010014 fax "$TODAY" fax \
  "2025年县内新冠及流感疫苗接种点名单")
c12=$(register 郑十 natural_person resident_id_card 11010519491231002X in_person "$TODAY" pickup \
  "2024年全县征地补偿安置方案及省政府批复")

CASES=("$c1" "$c2" "$c3" "$c4" "$c5" "$c6" "$c7" "$c8" "$c9" "$c10" "$c11" "$c12")

echo "== the dispatcher's queue: no rule matched, or two departments matched equally"
dispatcher dispatch-queue
dispatcher assign "$c8" --dept=zfb --note="信访举报类事项，由县政府办公室督查科答复" >/dev/null

echo "== departments answer; confidentiality review clears"
answer "$c1" czj disclosed "2025年县级预算、决算及三公经费表见附件（共12页）。" ""
# Characters 31-47 of the text (the bidder's finances) are withheld as a third party's secret.
answer "$c2" zrzyj partially_disclosed \
  "出让合同正文及规划条件见附件。合同附件三（竞买企业财务状况）：资产总额、负债总额及经营利润明细。" \
  "合同附件中竞买企业的财务资料属商业秘密，已作区分处理。" --withheld=31-47:withheld_third_party
answer "$c3" rsj withheld_query_matter "" "个人社保缴费记录属行政查询事项，请持身份证到县社保中心或通过皖事通查询。"
# The township holds it: the county government answers 不属于本机关负责公开 and names it.
answer "$c4" zjj unavailable_not_this_agency "" "杭埠镇棚户区改造项目由杭埠镇人民政府组织实施，补偿标准由其制定和公开。" \
  --responsible_agency=杭埠镇人民政府 --responsible_contact="杭埠镇便民服务中心，0564-8610000"
draft "$c5" sthjj disclosed "舒环罚〔2025〕3号、7号行政处罚决定书见附件（执法人员联系电话0564-2621234）。" ""
echo "== the screener found a landline in a draft: the reviewer redacts it as personal data,"
echo "   which makes the reply a partial disclosure (部分公开) signed off by the head"
reviewer show "$c5" | grep -E "finding [0-9]+:" >&2
reviewer resolve "$c5" --finding=0 --resolution=redacted --ground=withheld_third_party >/dev/null
review "$c5"
answer "$c6" jyj already_public "已在县教育局网站“招生入学”栏目公开：2025年县一中招生计划。" ""
answer "$c7" sthjj disclosed "2025年1-10月空气质量监测月报见附件。" ""
answer "$c8" zfb not_processed_petition "" "所提事项属于信访举报，已告知向县信访局或纪检监察机关反映。"
draft "$c9" zjj disclosed "老街道路改造工程施工许可证（编号341523202503010101）见附件。" ""
echo "== the screener takes a permit number for a resident ID number: the reviewer releases it"
reviewer show "$c9" | grep -E "finding [0-9]+:" >&2
reviewer resolve "$c9" --finding=0 --resolution=released \
  --reason="施工许可证编号，不是身份证号码，可以公开" >/dev/null
review "$c9"
answer "$c11" wjw already_public "已在县卫健委网站“疫苗接种”栏目公开。" ""
answer "$c12" zrzyj withheld_process_information "" "省政府批复尚在办理中，相关材料属于过程性信息。"

echo "== review returns a draft that carries an applicant's phone number; the department fixes it"
officer czj accept "$c10" >/dev/null
officer czj draft "$c10" --outcome=disclosed \
  --text="2025年残疾人专项资金使用明细见附件（含受助人联系电话13912345678）。" >/dev/null
reviewer return "$c10" --comments="附件含受助人手机号码，属个人隐私，请删除后重新提交" >/dev/null
officer czj draft "$c10" --outcome=disclosed \
  --text="2025年残疾人专项资金使用明细见附件（受助人个人信息已隐去）。" >/dev/null
reviewer clear "$c10" --comments="已删除个人信息，可以发出" >/dev/null

echo "== the reply service prepares every letter; the window records delivery"
for number in "${CASES[@]}"; do
  method=$(clerk --json show "$number" | jq -r '.request.delivery | sub("DELIVERY_METHOD_"; "") | ascii_downcase')
  deliver "$number" "$method"
done

echo "== the request of $c4 is registered at 杭埠镇人民政府 in one step (Art. 36(5)): its own"
echo "   number and clock there, the two cases linked"
c4b=$(register 王五 natural_person resident_id_card 11010519491231002X in_person "$TODAY" post \
  "杭埠镇棚户区改造项目拆迁补偿标准" --agency=hbz --referred_from="$c4")
county show "$c4b" | sed -n 1,2p
county show "$c4" | grep 已转登记

echo "== older post and today's requests that are still open at the end of the day"
# Found with the window's own deadline calculator: a receipt date whose reply falls due within
# the next few days.
soon_days=20
while [ "$soon_days" -lt 45 ]; do
  due=$("$G" --json deadline --received="$(days_ago $soon_days)" | jq -r .due_date)
  [[ "$due" > "$TODAY" || "$due" == "$TODAY" ]] && [[ "$due" < "$(TZ=CST-8 date -d "$TODAY +7 days" +%F)" ]] && break
  soon_days=$((soon_days + 1))
done
c13=$(register 钱十一 natural_person resident_id_card 341523198001010014 registered_post \
  "$(days_ago 45)" post "2024年县级国有土地出让收入及使用情况" --signed_for="$(days_ago 44)")
officer zrzyj accept "$c13" >/dev/null
c14=$(register 冯十二 natural_person resident_id_card 11010519491231002X registered_post \
  "$(days_ago "$soon_days")" post "2025年县事业单位公开招聘进人计划及考试成绩")
officer rsj accept "$c14" >/dev/null
c15=$(register 陈十三 natural_person resident_id_card 341523198001010014 online "$TODAY" email \
  "有关文件")
clerk --json show "$c15" >/dev/null
dispatcher supplement "$c15" \
  --items="请写明所需文件的名称、文号或者其他特征描述" \
  --reply_by="$(TZ=CST-8 date -d "$TODAY +15 days" +%F)" >/dev/null
c16=$(register 褚十四 natural_person resident_id_card 11010519491231002X in_person "$(days_ago 10)" \
  pickup "2020年至2025年县级政府采购项目合同汇总")
head extend "$c16" --days=20 --reason="涉及五个年度档案，需调档汇总" >/dev/null
echo "  $c13 overdue (received by post 45 days ago), $c14 due within days,"
echo "  $c15 waits for the applicant's supplement (clock stopped), $c16 extended by the head"


echo "== 信息处理费: a request for 150 pages of contract files; the department sends a fee notice"
c17=$(register 舒城县皖江建材有限公司 commercial_enterprise unified_social_credit_code \
  91340100MA2MWXKC55 in_person "$TODAY" pickup "2020年以来全县国有土地出让合同及附件（纸质复印件）")
officer zrzyj accept "$c17" >/dev/null
officer zrzyj fee-notice "$c17" --basis=per_volume --pages=150 >/dev/null
clerk document "$c17" --kind=fee_notice
clerk fee-received "$c17" --on="$TODAY" >/dev/null
clerk --json show "$c17" | jq -r '"  \(.fee.amount_yuan) 元, to be paid by \(.fee.pay_by); meanwhile the clock waits (\(.clock))"'
clerk fee-paid "$c17" --on="$TODAY" --reference="非税收入票据 No.2026-0001" >/dev/null
clerk --json show "$c17" | jq -r '"  paid: the clock runs again (\(.clock)), due \(.deadline.due_date)"'
CASES+=("$c17")
officer zrzyj draft "$c17" --outcome=disclosed \
  --text="2020年以来国有土地出让合同及附件复印件共150页，请到窗口领取。" >/dev/null
review "$c17"
deliver "$c17" pickup

echo
echo "== the path of each case (from its history in Redis)"
for number in "${CASES[@]}"; do
  clerk --json show "$number" | jq -r '
    "\(.case_number)  " + ([.events[] | .command + (if .details.department then "(" + .details.department + ")" else "" end)] | join(" → "))'
done

echo
echo "== one reply letter (政府信息公开申请答复书): the withheld part is marked, its ground cited"
clerk document "$c2" --kind=reply
DOCS="${GONGKAI_DOCUMENTS:-./documents}"
mkdir -p "$DOCS"
clerk document "$c2" --kind=reply --format=html >"$DOCS/$c2-reply.html"
clerk document "$c2" --kind=receipt --format=html >"$DOCS/$c2-receipt.html"
clerk document "$c16" --kind=extension --format=html >"$DOCS/$c16-extension.html"
clerk document "$c15" --kind=supplement --format=html >"$DOCS/$c15-supplement.html"
echo "  printable A4 copies: $DOCS/$c2-reply.html, -receipt.html, $c16-extension.html, $c15-supplement.html"


echo
echo "== a 不予公开 reply: reconsideration comes first, before the body the agency names"
clerk document "$c12" --kind=reply | sed -n '/依据：/,$p'
clerk document "$c12" --kind=reply --format=html >"$DOCS/$c12-reply.html"
clerk document "$c17" --kind=fee_notice --format=html >"$DOCS/$c17-fee-notice.html"

echo
echo "== the managers' board (通报: slowest units first) and the overdue list"
manager board
echo
manager overdue
echo
manager due-soon

echo
echo "== 提醒: the reminders the overdue and due-soon cases raised, as each person sees them"
# The tracker's sweeper raises them within a pass of the case being registered, however late its
# post came, and delivers each to the inboxes the escalation ladder names.
notified() { # notified USER CASE: the user's reminders list the case
  as "$1" --json notices | jq -e --arg c "$2" '[.notices[]?.case_numbers[]?] | index($c) != null' >/dev/null
}
for _ in $(seq 100); do
  notified zrzyj-officer "$c13" && notified rsj-officer "$c14" && notified manager01 "$c13" && break
  sleep 0.1
done
echo "-- the officer of 县自然资源和规划局 (overdue $c13):"
officer zrzyj notices
echo "-- the officer of 县人社局 (due soon $c14):"
officer rsj notices --unread
echo "-- the manager (every department's overdue cases, not the due-soon ones):"
manager notices
echo "-- the 县人社局 officer marks theirs read:"
officer rsj notices read --all
officer rsj notices --unread

echo
echo "== summary"
printf '%-12s %-28s %-6s %-30s %-9s %s\n' case applicant dept outcome state steps
CASES+=("$c13" "$c14" "$c15" "$c16")
for number in "${CASES[@]}"; do
  clerk --json show "$number" | jq -r '[.case_number, .applicant.type, (.department // "-"),
      (.draft.outcome // "-"), .state, (.events | length)] | @tsv' |
    while IFS=$'\t' read -r n type dept outcome state steps; do
      printf '%-12s %-28s %-6s %-30s %-9s %s\n' "$n" "${type#APPLICANT_TYPE_}" "$dept" \
        "${outcome#OUTCOME_}" "${state#CASE_STATE_}" "$steps"
    done
done
closed=0
for number in "${CASES[@]}"; do
  [ "$(clerk --json show "$number" | jq -r .state)" = CASE_STATE_CLOSED ] && closed=$((closed + 1))
done
echo "${#CASES[@]} requests registered, $closed replied and closed, $((${#CASES[@]} - closed)) open."

echo
echo "== who did what: every case's history is a hash chain; the manager checks them all"
manager audit verify --year="${TODAY:0:4}"
echo "  and what the manager sees of an applicant (masked; the window and the department see it whole):"
manager --json show "$c2" | jq -c '.applicant | {name, id_number, phone}'

echo
echo "== the applicant of $c3 asks for administrative reconsideration (行政复议) of the reply"
manager redress "$c3" --kind=reconsideration --filed_on="$TODAY" --body="舒城县人民政府" >/dev/null
echo
echo "== the county's disclosure office: every agency side by side, and the 通报 of the quarter"
county report county --year="${TODAY:0:4}" | sed -n 1,12p
month=$((10#${TODAY:5:2}))
quarter_start=$(printf '%s-%02d' "${TODAY:0:4}" $(((month - 1) / 3 * 3 + 1)))
county report bulletin --from="$quarter_start" --to="${TODAY:0:7}" | sed -n 1,8p
echo
echo "== 年度报告: 收到和处理政府信息公开申请情况 (from the counters the cases keep)"
manager report annual --year="${TODAY:0:4}"
