// RTCRtpSendParameters / RTCRtpReceiveParameters / RTCRtpCapabilities <-> libwebrtc, in one place.
#pragma once

#include <napi.h>

#include <string>

#include "api/rtp_parameters.h"

namespace nlw {

Napi::Object ToJS(Napi::Env env, const webrtc::RtpParameters& parameters, bool send);
// Applies the writable members of one JS RTCRtpEncodingParameters (all but rid) onto `encoding`.
void ApplyEncoding(Napi::Env env, const Napi::Object& js, webrtc::RtpEncodingParameters* encoding);
// Applies the writable members of a JS RTCRtpSendParameters onto `parameters` (from GetParameters()).
void ApplySendParameters(Napi::Env env, const Napi::Object& js, webrtc::RtpParameters* parameters);
Napi::Object ToJS(Napi::Env env, const webrtc::RtpCapabilities& capabilities);
std::string SdpFmtpLine(const std::map<std::string, std::string>& parameters);
std::string MimeType(const webrtc::RtpCodecCapability& codec);

}  // namespace nlw
