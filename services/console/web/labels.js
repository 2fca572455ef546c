// Every Chinese label the console shows for the protos' enums, roles, commands and history
// details, in one place. Outcomes carry the article each relies on and the flags the draft form
// needs; they follow services/common/rules/outcomes.cc (which the letters use), so the console
// and the reply letter name an outcome the same way.

export const ROLES = {
  clerk: '窗口受理',
  dispatcher: '分办',
  officer: '部门经办',
  reviewer: '保密审查',
  head: '主任',
  manager: '督办',
  admin: '系统管理',
  service: '系统服务',
};

// The kinds of agency in deploy/agencies.conf.
export const AGENCY_KINDS = {
  county: '县人民政府',
  department: '县政府部门',
  township: '乡镇人民政府',
};

export const CASE_STATES = {
  CASE_STATE_UNSPECIFIED: '未知状态',
  CASE_STATE_REGISTERED: '已登记（待分派）',
  CASE_STATE_DISPATCH: '待分办',
  CASE_STATE_ASSIGNED: '已分派（待接收）',
  CASE_STATE_IN_DEPARTMENT: '部门办理中',
  CASE_STATE_IN_REVIEW: '保密审查中',
  CASE_STATE_CLEARED: '审查通过（待制作答复书）',
  CASE_STATE_REPLY_READY: '答复书待送达',
  CASE_STATE_CLOSED: '已办结',
  CASE_STATE_SIGN_OFF: '待主任签发',
};

export const CLOCK_STATES = {
  CLOCK_STATE_UNSPECIFIED: '未计时',
  CLOCK_STATE_RUNNING: '正在计时',
  CLOCK_STATE_AWAITING_SUPPLEMENT: '等待补正（停止计时）',
  CLOCK_STATE_CONSULTING: '征求意见中（暂停计时）',
  CLOCK_STATE_STOPPED: '已停止（已办结）',
  CLOCK_STATE_AWAITING_FEE: '等待缴费（暂停计时）',
};

export const CHANNELS = {
  CHANNEL_IN_PERSON: '当面提交',
  CHANNEL_REGISTERED_POST: '邮寄（挂号信/EMS）',
  CHANNEL_ORDINARY_LETTER: '平常信函',
  CHANNEL_ONLINE: '互联网',
  CHANNEL_FAX: '传真',
  CHANNEL_OTHER: '其他方式',
};

export const APPLICANT_TYPES = {
  APPLICANT_TYPE_NATURAL_PERSON: '自然人',
  APPLICANT_TYPE_COMMERCIAL_ENTERPRISE: '商业企业',
  APPLICANT_TYPE_RESEARCH_INSTITUTION: '科研机构',
  APPLICANT_TYPE_SOCIAL_WELFARE_ORGANIZATION: '社会公益组织',
  APPLICANT_TYPE_LEGAL_SERVICE_INSTITUTION: '法律服务机构',
  APPLICANT_TYPE_OTHER_ORGANIZATION: '其他组织',
};

export const ID_TYPES = {
  ID_TYPE_RESIDENT_ID_CARD: '居民身份证',
  ID_TYPE_PASSPORT: '护照',
  ID_TYPE_OTHER_PERSONAL: '其他个人证件（港澳台居民通行证等）',
  ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE: '统一社会信用代码',
  ID_TYPE_OTHER_ORGANIZATION: '其他组织证件（无统一社会信用代码的，如境外组织登记号码）',
};

// Which documents each kind of applicant may show (rules/registration_validation.cc).
export const PERSONAL_ID_TYPES = ['ID_TYPE_RESIDENT_ID_CARD', 'ID_TYPE_PASSPORT', 'ID_TYPE_OTHER_PERSONAL'];
export const ORGANIZATION_ID_TYPES = ['ID_TYPE_UNIFIED_SOCIAL_CREDIT_CODE', 'ID_TYPE_OTHER_ORGANIZATION'];

export const FORMS = {
  INFORMATION_FORM_PAPER: '纸质',
  INFORMATION_FORM_ELECTRONIC: '电子数据',
};

export const DELIVERY_METHODS = {
  DELIVERY_METHOD_POST: '邮寄',
  DELIVERY_METHOD_EMAIL: '电子邮件',
  DELIVERY_METHOD_PICKUP: '当面领取',
  DELIVERY_METHOD_FAX: '传真',
};

export const FINDING_KINDS = {
  FINDING_KIND_UNSPECIFIED: '其他',
  FINDING_KIND_RESIDENT_ID: '居民身份证号码',
  FINDING_KIND_MOBILE_PHONE: '手机号码',
  FINDING_KIND_LANDLINE: '固定电话号码',
  FINDING_KIND_BANK_CARD: '银行卡号',
  FINDING_KIND_EMAIL: '电子邮箱地址',
  FINDING_KIND_CLASSIFICATION_MARKING: '密级标志（绝密/机密/秘密）',
  FINDING_KIND_INTERNAL_MARKING: '内部标志（内部/工作秘密）',
  FINDING_KIND_SENSITIVE_TERM: '敏感词',
};

export const FINDING_RESOLUTIONS = {
  FINDING_RESOLUTION_UNRESOLVED: '未处理',
  FINDING_RESOLUTION_REDACTED: '已遮盖',
  FINDING_RESOLUTION_RELEASED: '已放行',
};

export const FINDING_FIELDS = {
  disclosed_text: '公开内容',
  grounds: '理由',
};

export const DOCUMENT_KINDS = {
  DOCUMENT_KIND_RECEIPT: '政府信息公开申请登记回执',
  DOCUMENT_KIND_REPLY: '政府信息公开申请答复书',
  DOCUMENT_KIND_SUPPLEMENT: '补正申请告知书',
  DOCUMENT_KIND_EXTENSION: '延期答复告知书',
  DOCUMENT_KIND_CONSULTATION: '征求意见函',
  DOCUMENT_KIND_FEE_NOTICE: '收费通知',
  DOCUMENT_KIND_DISCLOSURE_NOTICE: '第三方告知书',
  DOCUMENT_KIND_REASONS_REQUEST: '说明理由告知书',
  DOCUMENT_KIND_LATER_REPLY: '延长答复期限告知书',
};

export const CONSULTED_PARTIES = {
  CONSULTED_PARTY_THIRD_PARTY: '第三方（条例第三十二条）',
  CONSULTED_PARTY_OTHER_AGENCY: '其他机关（条例第三十四条）',
};

export const CONSULTATION_RESULTS = {
  answered: '已答复',
  objected: '第三方提出异议',
  lapsed: '逾期未答复',
};

export const FEE_BASES = {
  FEE_BASIS_PER_REQUEST: '按件计收',
  FEE_BASIS_PER_VOLUME: '按量计收',
};

export const REDRESS_KINDS = {
  REDRESS_KIND_RECONSIDERATION: '行政复议',
  REDRESS_KIND_LITIGATION_DIRECT: '行政诉讼（未经复议直接起诉）',
  REDRESS_KIND_LITIGATION_AFTER_RECONSIDERATION: '行政诉讼（复议后起诉）',
};

export const REDRESS_RESULTS = {
  REDRESS_RESULT_PENDING: '尚未审结',
  REDRESS_RESULT_MAINTAINED: '结果维持',
  REDRESS_RESULT_CORRECTED: '结果纠正',
  REDRESS_RESULT_OTHER: '其他结果',
};

// Art. 31: which day counts as the receipt date (documents/deadline_explanation.cc).
export const RECEIPT_RULES = {
  RECEIPT_RULE_HANDED_IN: '当面提交，以提交之日为收到申请之日',
  RECEIPT_RULE_SIGNED_FOR: '邮寄提交，以本机关签收之日为收到申请之日',
  RECEIPT_RULE_CONFIRMED_LETTER: '平常信函提交，以与申请人确认之日为收到申请之日',
  RECEIPT_RULE_CONFIRMED_BOTH_SIDES: '通过互联网或传真提交，以双方确认之日为收到申请之日',
  RECEIPT_RULE_ARRIVED: '以申请送达本机关之日为收到申请之日',
};

// The statutory outcomes: label, article relied on, and the flags of rules/outcomes.cc —
// discloses (the draft has text to release), withholds (grounds required), ground (one of the
// 不予公开 grounds a withheld span or redaction may rest on), signOff (the head signs it off).
// `sentence` is the decision as the letter states it.
export const OUTCOMES = {
  OUTCOME_DISCLOSED: {label: '予以公开', article: '第三十六条第（二）项', group: '予以公开',
    discloses: true, withholds: false, ground: false, signOff: false,
    sentence: '经审查，您申请获取的政府信息属于公开范围，本机关予以公开，现将有关信息提供如下：'},
  OUTCOME_ALREADY_PUBLIC: {label: '予以公开（已主动公开）', article: '第三十六条第（一）项', group: '予以公开',
    discloses: true, withholds: false, ground: false, signOff: false,
    sentence: '经查，您申请获取的政府信息本机关已经主动公开，获取的方式和途径如下：'},
  OUTCOME_PARTIALLY_DISCLOSED: {label: '部分公开（区分处理）', article: '第三十七条', group: '部分公开',
    discloses: true, withholds: true, ground: false, signOff: true,
    sentence: '经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理，本机关向您提供可以公开的部分如下：'},
  OUTCOME_WITHHELD_STATE_SECRET: {label: '不予公开（属于国家秘密）', article: '第十四条', group: '不予公开',
    discloses: false, withholds: true, ground: true, signOff: true,
    sentence: '经审查，您申请获取的政府信息属于国家秘密，本机关决定不予公开。'},
  OUTCOME_WITHHELD_PROHIBITED_BY_LAW: {label: '不予公开（其他法律行政法规禁止公开）', article: '第十四条', group: '不予公开',
    discloses: false, withholds: true, ground: true, signOff: true,
    sentence: '经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息，本机关决定不予公开。'},
  OUTCOME_WITHHELD_SECURITY_STABILITY: {label: '不予公开（危及“三安全一稳定”）', article: '第十四条', group: '不予公开',
    discloses: false, withholds: true, ground: true, signOff: true,
    sentence: '经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，本机关决定不予公开。'},
  OUTCOME_WITHHELD_THIRD_PARTY: {label: '不予公开（保护第三方合法权益）', article: '第十五条', group: '不予公开',
    discloses: false, withholds: true, ground: true, signOff: true,
    sentence: '经审查，您申请获取的政府信息涉及商业秘密、个人隐私，公开会对第三方合法权益造成损害，本机关决定不予公开。'},
  OUTCOME_WITHHELD_INTERNAL_AFFAIRS: {label: '不予公开（属于三类内部事务信息）', article: '第十六条第一款', group: '不予公开',
    discloses: false, withholds: true, ground: true, signOff: true,
    sentence: '经审查，您申请获取的政府信息属于人事管理、后勤管理、内部工作流程等内部事务信息，本机关决定不予公开。'},
  OUTCOME_WITHHELD_PROCESS_INFORMATION: {label: '不予公开（属于四类过程性信息）', article: '第十六条第二款', group: '不予公开',
    discloses: false, withholds: true, ground: true, signOff: true,
    sentence: '经审查，您申请获取的政府信息属于履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息，本机关决定不予公开。'},
  OUTCOME_WITHHELD_ENFORCEMENT_FILE: {label: '不予公开（属于行政执法案卷）', article: '第十六条第二款', group: '不予公开',
    discloses: false, withholds: true, ground: true, signOff: true,
    sentence: '经审查，您申请获取的政府信息属于行政执法案卷信息，本机关决定不予公开。'},
  OUTCOME_WITHHELD_QUERY_MATTER: {label: '不予公开（属于行政查询事项）', article: '第三十六条第（七）项', group: '不予公开',
    discloses: false, withholds: true, ground: true, signOff: true,
    sentence: '经审查，您申请获取的信息属于行政查询事项，有关法律、行政法规对信息的获取有特别规定，请依照有关规定办理。'},
  OUTCOME_UNAVAILABLE_NOT_HELD: {label: '无法提供（经检索没有所申请公开的信息）', article: '第三十六条第（四）项', group: '无法提供',
    discloses: false, withholds: true, ground: false, signOff: false,
    sentence: '经检索，本机关没有您所申请公开的政府信息，该政府信息不存在。'},
  OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY: {label: '无法提供（不属于本机关负责公开）', article: '第三十六条第（五）项', group: '无法提供',
    discloses: false, withholds: true, ground: false, signOff: false,
    sentence: '经审查，您所申请公开的政府信息不属于本机关负责公开。'},
  OUTCOME_UNAVAILABLE_NEEDS_CREATION: {label: '无法提供（没有现成信息需要另行制作）', article: '第三十八条', group: '无法提供',
    discloses: false, withholds: true, ground: false, signOff: false,
    sentence: '经审查，您申请获取的信息需要本机关对现有政府信息进行加工、分析方能形成，本机关不予提供。'},
  OUTCOME_UNAVAILABLE_STILL_UNCLEAR: {label: '无法提供（补正后申请内容仍不明确）', article: '第三十条', group: '无法提供',
    discloses: false, withholds: true, ground: false, signOff: false,
    sentence: '经审查，您补正后的申请内容仍不明确，本机关无法确定您所需的政府信息，无法提供。'},
  OUTCOME_NOT_PROCESSED_PETITION: {label: '不予处理（信访举报投诉类申请）', article: '第三十九条第一款', group: '不予处理',
    discloses: false, withholds: true, ground: false, signOff: false,
    sentence: '经审查，您的申请属于以政府信息公开申请的形式进行信访、投诉、举报，本机关不作为政府信息公开申请处理，请通过相应渠道提出。'},
  OUTCOME_NOT_PROCESSED_REPEAT: {label: '不予处理（重复申请）', article: '第三十六条第（六）项', group: '不予处理',
    discloses: false, withholds: true, ground: false, signOff: false,
    sentence: '经审查，本机关已就您申请公开的同一政府信息作出答复，您重复申请，本机关不予重复处理。'},
  OUTCOME_NOT_PROCESSED_PUBLICATION: {label: '不予处理（要求提供公开出版物）', article: '第三十九条第二款', group: '不予处理',
    discloses: false, withholds: true, ground: false, signOff: false,
    sentence: '经审查，您要求提供的是政府公报、报刊、书籍等公开出版物，请通过相应途径获取。'},
  OUTCOME_NOT_PROCESSED_EXCESSIVE: {label: '不予处理（无正当理由大量反复申请）', article: '第三十五条', group: '不予处理',
    discloses: false, withholds: true, ground: false, signOff: false,
    sentence: '经审查，您申请公开政府信息的数量、频次明显超过合理范围，且未能说明合理理由，本机关不予处理。'},
  OUTCOME_NOT_PROCESSED_CONFIRMATION: {label: '不予处理（要求行政机关确认或重新出具已获取信息）', article: '第二条', group: '不予处理',
    discloses: false, withholds: true, ground: false, signOff: false,
    sentence: '经审查，您要求本机关确认或者重新出具已获取的信息，该请求不属于申请获取政府信息，不属于政府信息公开申请，本机关不予处理。'},
  OUTCOME_OTHER_NO_SUPPLEMENT: {label: '其他处理（申请人无正当理由逾期不补正）', article: '第三十条', group: '其他处理',
    discloses: false, withholds: true, ground: false, signOff: false, closedByCommand: true,
    sentence: '本机关已一次性告知您补正申请，您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请。'},
  OUTCOME_OTHER_FEE_UNPAID: {label: '其他处理（申请人逾期未按收费通知要求缴纳费用）', article: '第四十二条', group: '其他处理',
    discloses: false, withholds: true, ground: false, signOff: false, closedByCommand: true,
    sentence: '您未在收费通知要求的期限内缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请。'},
  OUTCOME_OTHER: {label: '其他处理', article: '第三十六条', group: '其他处理',
    discloses: false, withholds: true, ground: false, signOff: false,
    sentence: '本机关对您的政府信息公开申请作如下处理：'},
};

// The five answers the window may give on the spot (rules/outcomes.cc AnswerableOnTheSpot).
export const ON_THE_SPOT_OUTCOMES = [
  'OUTCOME_ALREADY_PUBLIC', 'OUTCOME_NOT_PROCESSED_PUBLICATION', 'OUTCOME_NOT_PROCESSED_PETITION',
  'OUTCOME_UNAVAILABLE_NOT_HELD', 'OUTCOME_UNAVAILABLE_NOT_THIS_AGENCY',
];

export const OUTCOME_GROUPS = ['予以公开', '部分公开', '不予公开', '无法提供', '不予处理', '其他处理'];

export function outcomeLabel(name) {
  const o = OUTCOMES[name];
  return o ? o.label : (name || '');
}

// "不予公开（属于国家秘密）（条例第十四条）"
export function outcomeWithArticle(name) {
  const o = OUTCOMES[name];
  return o ? `${o.label}（条例${o.article}）` : (name || '');
}

export function withholdingGrounds() {
  return Object.keys(OUTCOMES).filter((k) => OUTCOMES[k].ground);
}

// "属于国家秘密" from "不予公开（属于国家秘密）", as the released text marks a withheld part.
export function groundShortName(name) {
  const label = outcomeLabel(name);
  const open = label.indexOf('（');
  const close = label.lastIndexOf('）');
  return open >= 0 && close > open ? label.slice(open + 1, close) : label;
}

export function withholdingMark(ground) {
  return OUTCOMES[ground] ? `［此处不予公开：${groundShortName(ground)}］` : '［此处不予公开］';
}

// The commands of a case's history (services/common/rules/state_machine.cc).
export const COMMANDS = {
  Register: '登记申请',
  AnswerOnTheSpot: '当场答复',
  Route: '自动分派部门',
  RouteToDispatch: '转人工分办',
  Assign: '分派部门',
  Accept: '部门接收',
  HandBack: '部门退回分办',
  SubmitDraft: '提交答复拟稿',
  ResolveFinding: '处理筛查发现',
  Return: '保密审查退回修改',
  Clear: '保密审查通过',
  ClearForSignOff: '保密审查通过，报主任签发',
  SignOff: '主任签发',
  RefuseSignOff: '主任不予签发',
  PrepareReply: '制作答复书',
  IssueReply: '答复书送达',
  RequestSupplement: '要求补正',
  ReceiveSupplement: '收到补正',
  CloseUnsupplemented: '逾期不补正结案',
  StartConsultation: '征求意见',
  RecordConsultationReceipt: '被征求方收到征求意见函',
  EndConsultation: '征求意见结束',
  IssueDisclosureNotice: '发出第三方告知书',
  RecordDisclosureNoticeDelivery: '第三方告知书送达',
  IssueFeeNotice: '发出收费通知',
  RecordFeeNoticeReceipt: '申请人收到收费通知',
  RecordFeePayment: '缴纳费用',
  WaiveFee: '减免费用',
  CloseFeeUnpaid: '逾期未缴费结案',
  AskForReasons: '要求说明理由',
  RecordReasons: '收到理由说明',
  SetLaterReplyDate: '确定延迟答复日期',
  GrantExtension: '批准延期答复',
  RecomputeDeadline: '重新计算答复期限',
  RecordRedress: '登记行政复议或诉讼',
  RecordReferral: '向负责机关转登记',
};

// The keys of CaseEvent.details.
export const DETAIL_KEYS = {
  outcome: '答复类型',
  consultation: '征求意见序号',
  reason: '理由',
  reasons: '理由',
  comments: '意见',
  received_on: '收到日期',
  department: '部门',
  previous_department: '原部门',
  result: '结果',
  reply_by: '补正期限',
  paused: '不计算期间',
  late: '逾期',
  kind: '类型',
  due_date: '答复期限',
  previous_due_date: '原答复期限',
  delivered_on: '送达日期',
  answer_due: '答复期限',
  working_days: '工作日数',
  withheld_spans: '不予公开部分数',
  still_open: '尚未结束的征求意见',
  rule: '分派依据',
  responsible_agency: '负责公开的机关',
  resolution: '处理结果',
  requests_in_month: '当月第几件申请',
  replaces_notice_of: '替换原告知书',
  reference: '凭证编号',
  received_date: '到达日期',
  receipt_date: '收到申请日期',
  questions: '需说明的问题',
  pay_by: '缴费期限',
  party: '被征求方',
  paid_on: '缴费日期',
  pages: '页数',
  on_time: '按时答复',
  note: '备注',
  letter_chars: '答复书字数',
  later_reply_date: '延迟答复日期',
  items: '补正内容',
  index: '序号',
  ground: '不予公开理由',
  findings: '筛查发现数',
  finding: '筛查发现序号',
  filed_on: '提起日期',
  delivery: '送达方式',
  decided_on: '决定日期',
  days: '延长工作日数',
  channel: '提交方式',
  basis: '收费方式',
  answered_on: '答复日期',
  amount_yuan: '金额（元）',
  against_inaction: '针对不作为',
  agency: '受理机关',
  referred_from: '转自案件',
  referred_to: '转往案件',
};

export const NOTICE_KINDS = {
  overdue: '已超期',
  consultation_lapsed: '征求意见期满',
};

export function noticeKindLabel(kind) {
  if (NOTICE_KINDS[kind]) return NOTICE_KINDS[kind];
  const m = /^due_soon_(\d+)$/.exec(kind || '');
  if (m) return `${m[1]}个工作日内到期`;
  return kind || '';
}

const ALL_ENUMS = [CASE_STATES, CLOCK_STATES, CHANNELS, APPLICANT_TYPES, ID_TYPES, FORMS,
  DELIVERY_METHODS, FINDING_KINDS, FINDING_RESOLUTIONS, DOCUMENT_KINDS, CONSULTED_PARTIES,
  FEE_BASES, REDRESS_KINDS, REDRESS_RESULTS, RECEIPT_RULES];

// The Chinese for any enum value name; the name itself when unknown (a newer server).
export function enumLabel(name) {
  if (!name) return '';
  if (OUTCOMES[name]) return outcomeWithArticle(name);
  for (const table of ALL_ENUMS) {
    if (Object.prototype.hasOwnProperty.call(table, name)) return table[name];
  }
  return name;
}

export function roleLabel(role) {
  return ROLES[role] || role || '';
}

export function commandLabel(command) {
  return COMMANDS[command] || command || '';
}

// A history detail's value as staff read it: enum names in Chinese, true/false as 是/否, the
// "(provisional)" mark of a due date as （暂定）.
export function detailValue(key, value) {
  if (value === 'true') return '是';
  if (value === 'false') return '否';
  if (key === 'result' && CONSULTATION_RESULTS[value]) return CONSULTATION_RESULTS[value];
  if (/^[A-Z][A-Z0-9_]+$/.test(value)) return enumLabel(value);
  return String(value).replace(' (provisional)', '（暂定）');
}

export function detailKeyLabel(key) {
  return DETAIL_KEYS[key] || key;
}

// The HTTP error codes of the console's API, for a person.
export const ERROR_CODES = {
  INVALID_ARGUMENT: '填写有误',
  UNAUTHENTICATED: '登录已失效',
  PERMISSION_DENIED: '无权进行此操作',
  NOT_FOUND: '未找到',
  FAILED_PRECONDITION: '当前状态不允许此操作',
  ABORTED: '案件已被他人更新，请刷新后重试',
  ALREADY_EXISTS: '已存在',
  RESOURCE_EXHAUSTED: '操作过于频繁，请稍后再试',
  UNAVAILABLE: '服务暂时不可用',
  DEADLINE_EXCEEDED: '服务响应超时',
  UNIMPLEMENTED: '此功能尚未开通',
  NETWORK: '无法连接服务器',
  INTERNAL: '服务器内部错误',
};
