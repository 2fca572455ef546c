// TLS for the gRPC listeners and their clients, from PEM files (deploy/make-tls.sh makes a local
// set). Plaintext when no file is named: the default on loopback.
#pragma once

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace gongkai {

// TLS with the certificate chain and key when both files are given, plaintext when neither;
// INVALID_ARGUMENT when only one is, NOT_FOUND naming a file that cannot be read.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFrom(
    const std::string& cert_file, const std::string& key_file);

// TLS trusting the certificate authority in `ca_file` when given, plaintext otherwise.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> ChannelCredentialsFrom(
    const std::string& ca_file);

}  // namespace gongkai
