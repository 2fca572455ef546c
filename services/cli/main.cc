// gongkai: the command-line client for window staff, departments, reviewers and scripts.
//
//   gongkai login --user=wang
//   gongkai register --name=张三 --id_type=resident_id_card ...
//   gongkai show 2026-000123 --json
#include <cstdio>
#include <map>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "commands.h"
#include "deadline_command.h"

namespace {

struct CommandEntry {
  int (*run)(gongkai::cli::CliContext&, const gongkai::cli::Args&);
  const char* help;
};

const std::map<std::string, CommandEntry>& Commands() {
  using namespace gongkai::cli;
  static const auto* commands = new std::map<std::string, CommandEntry>{
      {"login", {Login, "sign in: login --user=ID [--password_file=F]; keeps the session token"}},
      {"logout", {Logout, "end the session; --everywhere: every session of yours"}},
      {"audit",
       {Audit,
        "check that histories are unbroken hash chains: audit verify <case>... | audit verify "
        "--year=YYYY"}},
      {"admin",
       {Admin,
        "accounts: admin user add --user --display_name --roles [--dept] | admin user update "
        "--user [--display_name] [--roles] [--dept] [--enable|--disable] | admin user "
        "disable <id> | admin user list | admin keygen --dir"}},
      {"register", {Register, "register a request (--name --id_number --description ...)"}},
      {"show", {Show, "show a case and its history: show <case>"}},
      {"search",
       {Search, "find cases: search <case number | applicant's full name | words of a request>"}},
      {"wait", {Wait, "wait until a case reaches --state: wait <case> --state=assigned"}},
      {"health", {Health, "health of the five services"}},
      {"departments", {Departments, "the department catalogue"}},
      {"deadline",
       {Deadline,
        "the due date of a request, computed here: deadline --received=YYYY-MM-DD "
        "[--channel --signed_for --confirmed --supplement_received --pause=FROM:TO,... "
        "--extension=N]"}},
      {"queue", {Queue, "a department's open cases: queue --dept=<code>"}},
      {"dispatch-queue", {DispatchQueue, "cases waiting for a dispatcher"}},
      {"review-queue", {ReviewQueue, "drafts waiting for review"}},
      {"reply-queue", {ReplyQueue, "replies waiting for delivery"}},
      {"accept", {Accept, "the department takes a case on: accept <case>"}},
      {"handback", {HandBack, "not this department's: handback <case> --reason=..."}},
      {"assign", {Assign, "dispatcher assigns: assign <case> --dept=<code>"}},
      {"draft", {Draft, "submit a draft answer: draft <case> --outcome=... --text=..."}},
      {"clear", {Clear, "clear a draft in review: clear <case>"}},
      {"return", {Return, "return a draft: return <case> --comments=..."}},
      {"letter", {Letter, "print the reply letter: letter <case>"}},
      {"issue", {Issue, "record delivery of the reply: issue <case> --delivered_by=..."}},
      {"overdue", {Overdue, "open cases past their due date, most overdue first [--dept]"}},
      {"due-soon", {DueSoon, "open cases due within --within working days [--dept]"}},
      {"board", {Board, "per department: open, due soon, overdue, on time, late, median"}},
      {"supplement",
       {RequestSupplement, "ask for a supplement: supplement <case> --items --reply_by"}},
      {"supplement-received", {ReceiveSupplement, "supplement-received <case> --on=DATE"}},
      {"close-unsupplemented", {CloseUnsupplemented, "close when no supplement came in time"}},
      {"consult", {StartConsultation, "consult <case> --party=... --party_type --on=DATE"}},
      {"consult-end", {EndConsultation, "consult-end <case> --on=DATE --result=answered"}},
      {"consult-received",
       {ConsultationReceived,
        "the consulted party received the letter: consult-received <case> --on=DATE "
        "[--consultation=N]"}},
      {"disclosure-notice",
       {DisclosureNotice,
        "disclosing over a third party's objection: disclosure-notice <case> --reason=... "
        "[--consultation=N]"}},
      {"disclosure-delivered",
       {DisclosureDelivered,
        "the third party received that notice: disclosure-delivered <case> "
        "--on=DATE [--consultation=N]"}},
      {"fee-notice",
       {FeeNotice,
        "send a fee notice: fee-notice <case> --basis=per_request|per_volume [--pages]"}},
      {"fee-received", {FeeNoticeReceived, "the applicant received it: fee-received <case> --on"}},
      {"fee-paid", {FeePaid, "the fee was paid: fee-paid <case> --on=DATE --reference=..."}},
      {"fee-waive", {FeeWaived, "the head waives the fee: fee-waive <case> --reason=..."}},
      {"fee-unpaid", {FeeUnpaid, "close when the fee was not paid in time: fee-unpaid <case>"}},
      {"ask-reasons",
       {AskForReasons,
        "Art. 35, ask for reasons: ask-reasons <case> --questions=... --reply_by=DATE"}},
      {"reasons", {ReasonsReceived, "the applicant's reasons: reasons <case> --on --answer=..."}},
      {"later-date",
       {LaterReplyDate,
        "Art. 35, the head sets a later reply date: later-date <case> --date "
        "--reason"}},
      {"extend", {Extend, "the head extends once: extend <case> --days=20 --reason=..."}},
      {"reload-calendar", {ReloadCalendar, "reload the calendar files, re-compute due dates"}},
      {"notices",
       {Notices,
        "your reminders (due soon, overdue): notices [--unread] [--follow] | notices read "
        "<id>... | notices read --all"}},
      {"resolve",
       {ResolveFinding,
        "resolve a screening finding: resolve <case> --finding=N "
        "--resolution=redacted|released [--reason]"}},
      {"sign-off-queue", {SignOffQueue, "withholding decisions waiting for the head's sign-off"}},
      {"sign-off", {SignOff, "the office head signs a withholding decision off: sign-off <case>"}},
      {"refuse-sign-off",
       {RefuseSignOff,
        "back to the department: refuse-sign-off <case> "
        "--comments=..."}},
      {"document",
       {Document,
        "a document of a case: document <case> --kind=reply "
        "[--format=text|html]"}},
      {"report",
       {Report,
        "annual reports and the county's views: report annual|publish|county|bulletin "
        "[--year --agency --from --to --format]"}},
      {"redress",
       {Redress,
        "record a reconsideration or lawsuit: redress <case> --kind=... "
        "--filed_on=DATE [--decision --decided_on --index]"}},
  };
  return *commands;
}

std::string UsageText() {
  std::string text =
      "gongkai [--json] [--token_file=F] <command> [args] [flags]\n"
      "  sign in first: gongkai login --user=ID (the token is kept in --token_file, default\n"
      "  ~/.config/gongkai/token, env GONGKAI_TOKEN_FILE)\n\n"
      "commands:\n";
  for (const auto& [name, entry] : Commands()) {
    char line[256];
    std::snprintf(line, sizeof line, "  %-15s %s\n", name.c_str(), entry.help);
    text += line;
  }
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(UsageText());
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  if (positional.size() < 2) {
    std::fprintf(stderr, "%s", UsageText().c_str());
    return 2;
  }
  auto found = Commands().find(positional[1]);
  if (found == Commands().end()) {
    std::fprintf(stderr, "unknown command \"%s\"\n\n%s", positional[1], UsageText().c_str());
    return 2;
  }
  gongkai::cli::Args args(positional.begin() + 2, positional.end());
  gongkai::cli::CliContext cli;
  return found->second.run(cli, args);
}
