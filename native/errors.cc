#include "errors.h"

#include "addon_data.h"

namespace nlw {

namespace {

const char* DetailName(webrtc::RTCErrorDetailType detail) {
  switch (detail) {
    case webrtc::RTCErrorDetailType::DATA_CHANNEL_FAILURE: return "data-channel-failure";
    case webrtc::RTCErrorDetailType::DTLS_FAILURE: return "dtls-failure";
    case webrtc::RTCErrorDetailType::FINGERPRINT_FAILURE: return "fingerprint-failure";
    case webrtc::RTCErrorDetailType::SCTP_FAILURE: return "sctp-failure";
    case webrtc::RTCErrorDetailType::SDP_SYNTAX_ERROR: return "sdp-syntax-error";
    case webrtc::RTCErrorDetailType::HARDWARE_ENCODER_NOT_AVAILABLE: return "hardware-encoder-not-available";
    case webrtc::RTCErrorDetailType::HARDWARE_ENCODER_ERROR: return "hardware-encoder-error";
    default: return "";
  }
}

}  // namespace

ErrorInfo FromRTCError(const webrtc::RTCError& error, const std::string& context) {
  ErrorInfo info;
  info.message = context.empty() ? std::string(error.message())
                                 : context + (std::string(error.message()).empty() ? "" : ": " + std::string(error.message()));
  switch (error.type()) {
    case webrtc::RTCErrorType::SYNTAX_ERROR: info.name = "SyntaxError"; break;
    case webrtc::RTCErrorType::INVALID_MODIFICATION: info.name = "InvalidModificationError"; break;
    case webrtc::RTCErrorType::NETWORK_ERROR: info.name = "NetworkError"; break;
    case webrtc::RTCErrorType::INVALID_STATE: info.name = "InvalidStateError"; break;
    case webrtc::RTCErrorType::INVALID_PARAMETER: info.name = "InvalidAccessError"; break;
    case webrtc::RTCErrorType::INVALID_RANGE: info.name = "RangeError"; break;
    case webrtc::RTCErrorType::UNSUPPORTED_OPERATION:
    case webrtc::RTCErrorType::UNSUPPORTED_PARAMETER: info.name = "OperationError"; break;
    case webrtc::RTCErrorType::OPERATION_ERROR_WITH_DATA: info.name = "RTCError"; break;
    default: info.name = "OperationError"; break;
  }
  if (error.error_detail() != webrtc::RTCErrorDetailType::NONE) {
    info.name = "RTCError";
    info.error_detail = DetailName(error.error_detail());
  }
  if (error.sctp_cause_code()) info.sctp_cause_code = *error.sctp_cause_code();
  if (info.message.empty()) info.message = "libwebrtc reported an error without a message";
  return info;
}

Napi::Value MakeError(Napi::Env env, const ErrorInfo& info) {
  AddonData* data = AddonData::Get(env);
  Napi::Object detail = Napi::Object::New(env);
  if (!info.error_detail.empty()) detail.Set("errorDetail", info.error_detail);
  if (info.sdp_line_number) detail.Set("sdpLineNumber", *info.sdp_line_number);
  if (info.sctp_cause_code) detail.Set("sctpCauseCode", *info.sctp_cause_code);
  if (data && !data->error_factory.IsEmpty()) {
    return data->error_factory.Call({Napi::String::New(env, info.name), Napi::String::New(env, info.message), detail});
  }
  Napi::Error error = Napi::Error::New(env, info.message);
  error.Set("name", info.name);
  return error.Value();
}

void ThrowError(Napi::Env env, const std::string& name, const std::string& message) {
  ErrorInfo info;
  info.name = name;
  info.message = message;
  throw Napi::Error(env, MakeError(env, info));
}

void ThrowTypeError(Napi::Env env, const std::string& message) { ThrowError(env, "TypeError", message); }

}  // namespace nlw
