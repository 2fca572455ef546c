// The field errors a failed call carries: from the validation message to the binary details of
// the grpc::Status, and back as FieldViolationsOf reads them.
#include "grpc/field_errors.h"

#include <gtest/gtest.h>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/status_mapping.h"

namespace gongkai {
namespace {

TEST(FieldErrors, AValidationMessageBecomesOneFieldViolationInTheDetails) {
  const grpc::Status status =
      ToGrpcStatus(absl::InvalidArgumentError("`applicant.id_number` 居民身份证号码校验位不正确"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "`applicant.id_number` 居民身份证号码校验位不正确");

  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.code(), 3);
  EXPECT_EQ(details.message(), "`applicant.id_number` 居民身份证号码校验位不正确");
  ASSERT_EQ(details.details_size(), 1);
  EXPECT_EQ(details.details(0).type_url(), "type.googleapis.com/google.rpc.BadRequest");
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "applicant.id_number");
  EXPECT_EQ(bad_request.field_violations(0).description(), "居民身份证号码校验位不正确");

  EXPECT_EQ(FieldViolationsOf(status),
            (std::vector<FieldViolation>{{"applicant.id_number", "居民身份证号码校验位不正确"}}));
}

TEST(FieldErrors, TheWireBytesAreThoseOfThePublicMessages) {
  // google.rpc.Status{code=3 (field 1), message (2), details (3)}; Any{type_url (1), value (2)};
  // BadRequest{field_violations (1)}; FieldViolation{field (1), description (2)}.
  const std::string bytes = FieldErrorDetails(3, "`a` b", {{"a", "b"}});
  const std::string violation = std::string(
      "\x0a\x01"
      "a"
      "\x12\x01"
      "b",
      6);
  const std::string bad_request = std::string("\x0a\x06", 2) + violation;
  const std::string type_url = "type.googleapis.com/google.rpc.BadRequest";
  const std::string any = std::string("\x0a") + static_cast<char>(type_url.size()) + type_url +
                          std::string("\x12") + static_cast<char>(bad_request.size()) + bad_request;
  const std::string expected = std::string("\x08\x03\x12\x05`a` b", 9) + std::string("\x1a") +
                               static_cast<char>(any.size()) + any;
  EXPECT_EQ(bytes, expected);
}

TEST(FieldErrors, TheDescriptionIsTheRestTrimmed) {
  EXPECT_EQ(FieldViolationOfMessage("`withheld[0].begin/end`   须标出一段  "),
            (FieldViolation{"withheld[0].begin/end", "须标出一段"}));
  EXPECT_EQ(FieldViolationOfMessage("`ids`: 提醒 7 不存在或不是您的提醒"),
            (FieldViolation{"ids", "提醒 7 不存在或不是您的提醒"}));
  EXPECT_EQ(FieldViolationOfMessage("`applicant.phone` 或 `applicant.address` 须填写"),
            (FieldViolation{"applicant.phone", "或 `applicant.address` 须填写"}));
  EXPECT_EQ(FieldViolationOfMessage("`outcome`"), (FieldViolation{"outcome", ""}));
}

TEST(FieldErrors, MessagesThatNameNoFieldFirstCarryNoDetails) {
  for (const char* message :
       {"case 2026-000001 is not held by department jyj", "", "`", "``", "`not closed",
        "`two words` 不是字段", "metadata `authorization: Bearer <session token>` is required",
        " `leading.space` x"}) {
    EXPECT_FALSE(FieldViolationOfMessage(message).has_value()) << message;
    const grpc::Status status = ToGrpcStatus(absl::InvalidArgumentError(message));
    EXPECT_EQ(status.error_details(), "") << message;
    EXPECT_TRUE(FieldViolationsOf(status).empty()) << message;
  }
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  EXPECT_EQ(ToGrpcStatus(absl::OkStatus()).error_details(), "");
}

TEST(FieldErrors, AnyFailedCodeNamingAFieldCarriesIt) {
  const grpc::Status status = ToGrpcStatus(absl::AlreadyExistsError("`user_id` \"w1\" 已被使用"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(FieldViolationsOf(status),
            (std::vector<FieldViolation>{{"user_id", "\"w1\" 已被使用"}}));
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.code(), 6);
}

TEST(FieldErrors, FromGrpcStatusKeepsCodeMessageAndDetails) {
  const grpc::Status sent =
      ToGrpcStatus(absl::InvalidArgumentError("`request.received_date` 不能晚于今天"));
  const absl::Status received = FromGrpcStatus(sent);
  EXPECT_EQ(received.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(received.message(), "`request.received_date` 不能晚于今天");
  EXPECT_EQ(FieldViolationsOf(received),
            (std::vector<FieldViolation>{{"request.received_date", "不能晚于今天"}}));
  // ... and sends them on unchanged.
  const grpc::Status again = ToGrpcStatus(received);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(again.error_message(), sent.error_message());
  EXPECT_EQ(again.error_details(), sent.error_details());

  const absl::Status plain = FromGrpcStatus(grpc::Status(grpc::StatusCode::NOT_FOUND, "no case"));
  EXPECT_EQ(plain, absl::NotFoundError("no case"));
  EXPECT_TRUE(FromGrpcStatus(grpc::Status::OK).ok());
}

TEST(FieldErrors, DetailsFromElsewhereAreReadOrIgnored) {
  // Details another server sent: several violations in one BadRequest are all read.
  const grpc::Status two(grpc::StatusCode::INVALID_ARGUMENT, "two fields",
                         FieldErrorDetails(3, "two fields", {{"a", "x"}, {"b.c", "y"}}));
  EXPECT_EQ(FieldViolationsOf(two), (std::vector<FieldViolation>{{"a", "x"}, {"b.c", "y"}}));
  // Bytes that are no google.rpc.Status give none.
  const grpc::Status garbage(grpc::StatusCode::INVALID_ARGUMENT, "x", std::string("\xff\xff", 2));
  EXPECT_TRUE(FieldViolationsOf(garbage).empty());
  // A google.rpc.Status without a BadRequest gives none.
  google::rpc::Status no_bad_request;
  no_bad_request.set_code(3);
  no_bad_request.add_details()->set_type_url("type.googleapis.com/google.rpc.DebugInfo");
  const grpc::Status other(grpc::StatusCode::INVALID_ARGUMENT, "x",
                           no_bad_request.SerializeAsString());
  EXPECT_TRUE(FieldViolationsOf(other).empty());
}

}  // namespace
}  // namespace gongkai
