// The commands of the `gongkai` client. Each takes the positional arguments after its name and
// returns the process exit code: 0 done, 1 refused by a service, 2 bad usage.
#pragma once

#include <string>
#include <vector>

#include "cli_context.h"

namespace gongkai::cli {

using Args = std::vector<std::string>;

int Register(CliContext& cli, const Args& args);
int Show(CliContext& cli, const Args& args);
int Wait(CliContext& cli, const Args& args);
int Health(CliContext& cli, const Args& args);

int Departments(CliContext& cli, const Args& args);
int Queue(CliContext& cli, const Args& args);
int DispatchQueue(CliContext& cli, const Args& args);
int ReviewQueue(CliContext& cli, const Args& args);
int ReplyQueue(CliContext& cli, const Args& args);

int Accept(CliContext& cli, const Args& args);
int HandBack(CliContext& cli, const Args& args);
int Assign(CliContext& cli, const Args& args);
int Draft(CliContext& cli, const Args& args);
int Clear(CliContext& cli, const Args& args);
int Return(CliContext& cli, const Args& args);
int Letter(CliContext& cli, const Args& args);
int Issue(CliContext& cli, const Args& args);

int Overdue(CliContext& cli, const Args& args);
int DueSoon(CliContext& cli, const Args& args);
int Board(CliContext& cli, const Args& args);
int RequestSupplement(CliContext& cli, const Args& args);
int ReceiveSupplement(CliContext& cli, const Args& args);
int CloseUnsupplemented(CliContext& cli, const Args& args);
int StartConsultation(CliContext& cli, const Args& args);
int EndConsultation(CliContext& cli, const Args& args);
int Extend(CliContext& cli, const Args& args);
int ReloadCalendar(CliContext& cli, const Args& args);
int Notices(CliContext& cli, const Args& args);
// commands_statutory.cc
int ConsultationReceived(CliContext& cli, const Args& args);
int DisclosureNotice(CliContext& cli, const Args& args);
int DisclosureDelivered(CliContext& cli, const Args& args);
int FeeNotice(CliContext& cli, const Args& args);
int FeeNoticeReceived(CliContext& cli, const Args& args);
int FeePaid(CliContext& cli, const Args& args);
int FeeWaived(CliContext& cli, const Args& args);
int FeeUnpaid(CliContext& cli, const Args& args);
int AskForReasons(CliContext& cli, const Args& args);
int ReasonsReceived(CliContext& cli, const Args& args);
int LaterReplyDate(CliContext& cli, const Args& args);

int ResolveFinding(CliContext& cli, const Args& args);
int SignOffQueue(CliContext& cli, const Args& args);
int SignOff(CliContext& cli, const Args& args);
int RefuseSignOff(CliContext& cli, const Args& args);
int Document(CliContext& cli, const Args& args);
int Report(CliContext& cli, const Args& args);
int Redress(CliContext& cli, const Args& args);

int Login(CliContext& cli, const Args& args);
int Logout(CliContext& cli, const Args& args);
int Admin(CliContext& cli, const Args& args);
int Audit(CliContext& cli, const Args& args);
int Search(CliContext& cli, const Args& args);  // commands_search.cc
// One case of a queue or a search: number, state, department, received, due (* provisional), text.
void PrintSummaryRow(const v1::CaseSummary& item);
int PrintQueue(CliContext& cli, const grpc::Status& status, const v1::QueueResponse& response);

// Prints a case command's answer ("2026-000001 IN_DEPARTMENT version 4"); returns 0 or 1.
int PrintAck(CliContext& cli, const grpc::Status& status, const v1::CaseAck& ack);
v1::QueuePage PageFromFlags();

// Whether a command got exactly one argument, the case number.
inline bool OneCase(const Args& args) { return args.size() == 1; }

// Prints a failed call as "error: CODE: message" (or JSON with --json); returns 1.
int Failed(const CliContext& cli, const grpc::Status& status);
// Prints a usage problem; returns 2.
int Usage(absl::string_view problem);

}  // namespace gongkai::cli
