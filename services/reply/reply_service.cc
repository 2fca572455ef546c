#include "reply_service.h"

#include "absl/strings/str_cat.h"
#include "auth/access_policy.h"
#include "base/staff_error.h"
#include "base/status_macros.h"
#include "documents/documents.h"
#include "grpc/case_calls.h"
#include "rules/staff_labels.h"

namespace gongkai {

grpc::ServerUnaryReactor* ReplyServiceImpl::ListReplyQueue(grpc::CallbackServerContext* context,
                                                           const v1::QueuePage* request,
                                                           v1::QueueResponse* response) {
  return ServeQueuePage(context, pool_, "ListReplyQueue", QueueKind::kReply, "", request, response);
}

grpc::ServerUnaryReactor* ReplyServiceImpl::GetReplyLetter(grpc::CallbackServerContext* context,
                                                           const v1::GetCaseRequest* request,
                                                           v1::ReplyLetter* response) {
  return ServeOnPool(
      context, pool_, "GetReplyLetter",
      [request, response](RedisConnection& redis, const v1::Actor& actor) -> absl::Status {
        CaseStore store(redis);
        GK_ASSIGN_OR_RETURN(v1::Case found, store.Load(request->case_number(), false));
        GK_RETURN_IF_ERROR(CheckCaseAccess("GetReplyLetter", actor, found));
        if (found.reply_letter().empty()) {
          return StaffError(
              absl::StatusCode::kFailedPrecondition,
              absl::StrCat("案件 ", found.case_number(), " 还没有答复书（案件当前状态为",
                           Quoted(StateLabel(found.state())),
                           "）；答复书在保密审查通过、需要签发的经主任签发后由系统自动制作"),
              absl::StrCat("case ", found.case_number(), " has no reply letter yet (state ",
                           StateName(found.state()), ")"));
        }
        response->set_case_number(found.case_number());
        response->set_text(found.reply_letter());
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* ReplyServiceImpl::IssueReply(grpc::CallbackServerContext* context,
                                                       const v1::IssueReplyRequest* request,
                                                       v1::CaseAck* ack) {
  return ServeCaseCommand(context, pool_, "IssueReply", request->case_number(),
                          request->expected_version(), ack,
                          [this, request](const v1::Case& current, const v1::Actor& actor) {
                            return gongkai::IssueReply(current, *calendar_.Get(),
                                                       request->delivery(), actor, clock_.Now());
                          });
}

grpc::ServerUnaryReactor* ReplyServiceImpl::GetDocument(grpc::CallbackServerContext* context,
                                                        const v1::GetDocumentRequest* request,
                                                        v1::Document* response) {
  return ServeOnPool(
      context, pool_, "GetDocument",
      [this, request, response](RedisConnection& redis, const v1::Actor& actor) -> absl::Status {
        if (!v1::DocumentFormat_IsValid(request->format())) {
          return absl::InvalidArgumentError("`format` 须为文本（TEXT）或网页（HTML）");
        }
        CaseStore store(redis);
        GK_ASSIGN_OR_RETURN(v1::Case found, store.Load(request->case_number(), false));
        GK_RETURN_IF_ERROR(CheckCaseAccess("GetDocument", actor, found));
        const std::optional<int> consultation = request->has_consultation()
                                                    ? std::optional<int>(request->consultation())
                                                    : std::nullopt;
        GK_ASSIGN_OR_RETURN(FormalDocument document,
                            DocumentOf(found, request->kind(),
                                       agencies_->IssuingFor(found.agency()), consultation));
        const bool html = request->format() == v1::DOCUMENT_FORMAT_HTML;
        response->set_case_number(found.case_number());
        response->set_kind(request->kind());
        response->set_title(document.title);
        response->set_content_type(html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8");
        response->set_content(html ? RenderHtml(document) : RenderText(document));
        return absl::OkStatus();
      });
}

}  // namespace gongkai
