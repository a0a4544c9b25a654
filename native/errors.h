// Errors cross to JS as (name, message, detail): the TS layer's injected factory turns them into the
// DOMException, RTCError, TypeError or RangeError the spec names. Native code never formats error names
// into messages, and JS never parses messages.
#pragma once

#include <napi.h>

#include <optional>
#include <string>

#include "api/rtc_error.h"

namespace nlw {

struct ErrorInfo {
  std::string name;  // "InvalidStateError", "OperationError", "TypeError", "RTCError", ...
  std::string message;
  // RTCError only:
  std::string error_detail;  // RTCErrorDetailType as the spec's enum string, e.g. "sdp-syntax-error"
  std::optional<int> sdp_line_number;
  std::optional<int> sctp_cause_code;
};

// Chrome's mapping of libwebrtc's error types onto the spec's exception names.
ErrorInfo FromRTCError(const webrtc::RTCError& error, const std::string& context = {});

Napi::Value MakeError(Napi::Env env, const ErrorInfo& info);
[[noreturn]] void ThrowError(Napi::Env env, const std::string& name, const std::string& message);
[[noreturn]] void ThrowTypeError(Napi::Env env, const std::string& message);

}  // namespace nlw
