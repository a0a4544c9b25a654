#include "rtp_parameters.h"

#include <algorithm>
#include <climits>

#include "api/video_codecs/scalability_mode.h"
#include "convert.h"
#include "errors.h"

namespace nlw {

namespace {

// Chrome's mapping between the spec's priority and libwebrtc's bitrate_priority.
double PriorityToDouble(webrtc::Priority priority) {
  switch (priority) {
    case webrtc::Priority::kVeryLow: return 0.5 * webrtc::kDefaultBitratePriority;
    case webrtc::Priority::kLow: return webrtc::kDefaultBitratePriority;
    case webrtc::Priority::kMedium: return 2 * webrtc::kDefaultBitratePriority;
    case webrtc::Priority::kHigh: return 4 * webrtc::kDefaultBitratePriority;
  }
  return webrtc::kDefaultBitratePriority;
}

webrtc::Priority PriorityFromDouble(double value) {
  double ratio = value / webrtc::kDefaultBitratePriority;
  if (ratio <= 0.75) return webrtc::Priority::kVeryLow;
  if (ratio <= 1.5) return webrtc::Priority::kLow;
  if (ratio <= 3) return webrtc::Priority::kMedium;
  return webrtc::Priority::kHigh;
}

std::string Kind(cricket::MediaType kind) { return kind == cricket::MEDIA_TYPE_VIDEO ? "video" : "audio"; }

}  // namespace

std::string SdpFmtpLine(const std::map<std::string, std::string>& parameters) {
  std::string line;
  for (const auto& [key, value] : parameters) {
    if (!line.empty()) line += ";";
    line += key.empty() ? value : key + "=" + value;
  }
  return line;
}

std::string MimeType(const webrtc::RtpCodecCapability& codec) { return Kind(codec.kind) + "/" + codec.name; }

Napi::Object ToJS(Napi::Env env, const webrtc::RtpParameters& parameters, bool send) {
  Napi::Object object = Napi::Object::New(env);
  if (send) {
    object.Set("transactionId", parameters.transaction_id);
    Napi::Array encodings = Napi::Array::New(env, parameters.encodings.size());
    for (size_t i = 0; i < parameters.encodings.size(); ++i) {
      const auto& encoding = parameters.encodings[i];
      Napi::Object e = Napi::Object::New(env);
      e.Set("active", encoding.active);
      if (!encoding.rid.empty()) e.Set("rid", encoding.rid);
      if (encoding.max_bitrate_bps) e.Set("maxBitrate", *encoding.max_bitrate_bps);
      if (encoding.max_framerate) e.Set("maxFramerate", *encoding.max_framerate);
      if (encoding.scale_resolution_down_by) e.Set("scaleResolutionDownBy", *encoding.scale_resolution_down_by);
      if (encoding.scalability_mode) e.Set("scalabilityMode", *encoding.scalability_mode);
      e.Set("priority", PriorityName(PriorityFromDouble(encoding.bitrate_priority)));
      e.Set("networkPriority", PriorityName(encoding.network_priority));
      encodings.Set(static_cast<uint32_t>(i), e);
    }
    object.Set("encodings", encodings);
    if (parameters.degradation_preference) {
      const char* names[] = {"disabled", "maintain-framerate", "maintain-resolution", "balanced"};
      object.Set("degradationPreference", names[static_cast<int>(*parameters.degradation_preference)]);
    }
  }
  Napi::Array extensions = Napi::Array::New(env, parameters.header_extensions.size());
  for (size_t i = 0; i < parameters.header_extensions.size(); ++i) {
    Napi::Object e = Napi::Object::New(env);
    e.Set("uri", parameters.header_extensions[i].uri);
    e.Set("id", parameters.header_extensions[i].id);
    e.Set("encrypted", parameters.header_extensions[i].encrypt);
    extensions.Set(static_cast<uint32_t>(i), e);
  }
  object.Set("headerExtensions", extensions);
  Napi::Object rtcp = Napi::Object::New(env);
  rtcp.Set("cname", parameters.rtcp.cname);
  rtcp.Set("reducedSize", parameters.rtcp.reduced_size);
  object.Set("rtcp", rtcp);
  Napi::Array codecs = Napi::Array::New(env, parameters.codecs.size());
  for (size_t i = 0; i < parameters.codecs.size(); ++i) {
    const auto& codec = parameters.codecs[i];
    Napi::Object c = Napi::Object::New(env);
    c.Set("payloadType", codec.payload_type);
    c.Set("mimeType", Kind(codec.kind) + "/" + codec.name);
    if (codec.clock_rate) c.Set("clockRate", *codec.clock_rate);
    if (codec.num_channels) c.Set("channels", *codec.num_channels);
    std::string fmtp = SdpFmtpLine(codec.parameters);
    if (!fmtp.empty()) c.Set("sdpFmtpLine", fmtp);
    codecs.Set(static_cast<uint32_t>(i), c);
  }
  object.Set("codecs", codecs);
  return object;
}

void ApplyEncoding(Napi::Env env, const Napi::Object& e, webrtc::RtpEncodingParameters* encoding) {
  encoding->active = GetBool(e, "active", true);
  auto max_bitrate = GetNumber(e, "maxBitrate");
  // lib/ hands over a WebIDL unsigned long (0..2^32-1); libwebrtc keeps an int, so a cap beyond INT_MAX
  // (about 2 Gbit/s) is clamped there: it means "no practical cap", never a negative one.
  encoding->max_bitrate_bps =
      max_bitrate ? absl::optional<int>(static_cast<int>(std::clamp(*max_bitrate, 0.0, double{INT_MAX}))) : absl::nullopt;
  auto max_framerate = GetNumber(e, "maxFramerate");
  encoding->max_framerate = max_framerate ? absl::optional<double>(*max_framerate) : absl::nullopt;
  auto scale = GetNumber(e, "scaleResolutionDownBy");
  if (scale && *scale < 1) ThrowError(env, "RangeError", "scaleResolutionDownBy must be at least 1");
  encoding->scale_resolution_down_by = scale ? absl::optional<double>(*scale) : absl::nullopt;
  // webrtc-svc: lib/ has checked the mode against the codecs' scalabilityModes.
  Napi::Value mode = e.Get("scalabilityMode");
  encoding->scalability_mode = mode.IsString() ? absl::optional<std::string>(mode.As<Napi::String>().Utf8Value()) : absl::nullopt;
  if (e.Get("priority").IsString()) {
    auto priority = ParsePriority(GetString(e, "priority"));
    if (!priority) ThrowTypeError(env, "invalid priority");
    encoding->bitrate_priority = PriorityToDouble(*priority);
  }
  if (e.Get("networkPriority").IsString()) {
    auto priority = ParsePriority(GetString(e, "networkPriority"));
    if (!priority) ThrowTypeError(env, "invalid networkPriority");
    encoding->network_priority = *priority;
  }
}

void ApplySendParameters(Napi::Env env, const Napi::Object& js, webrtc::RtpParameters* parameters) {
  parameters->transaction_id = GetString(js, "transactionId");
  Napi::Value encodings_value = js.Get("encodings");
  if (!encodings_value.IsArray()) ThrowTypeError(env, "setParameters: encodings must be an array");
  Napi::Array encodings = encodings_value.As<Napi::Array>();
  if (encodings.Length() != parameters->encodings.size()) {
    ThrowError(env, "InvalidModificationError", "setParameters: the number of encodings cannot change");
  }
  for (uint32_t i = 0; i < encodings.Length(); ++i) {
    Napi::Object e = encodings.Get(i).As<Napi::Object>();
    auto& encoding = parameters->encodings[i];
    if (GetString(e, "rid", encoding.rid) != encoding.rid) {
      ThrowError(env, "InvalidModificationError", "setParameters: an encoding's rid cannot change");
    }
    ApplyEncoding(env, e, &encoding);
  }
  Napi::Value degradation = js.Get("degradationPreference");
  if (degradation.IsString()) {
    std::string name = degradation.As<Napi::String>().Utf8Value();
    if (name == "maintain-framerate") parameters->degradation_preference = webrtc::DegradationPreference::MAINTAIN_FRAMERATE;
    else if (name == "maintain-resolution") parameters->degradation_preference = webrtc::DegradationPreference::MAINTAIN_RESOLUTION;
    else if (name == "balanced") parameters->degradation_preference = webrtc::DegradationPreference::BALANCED;
    else ThrowTypeError(env, "setParameters: invalid degradationPreference '" + name + "'");
  } else {
    parameters->degradation_preference = absl::nullopt;  // left out: the engine's default again, as in Chrome
  }
}

Napi::Object ToJS(Napi::Env env, const webrtc::RtpCapabilities& capabilities) {
  Napi::Object object = Napi::Object::New(env);
  Napi::Array codecs = Napi::Array::New(env, capabilities.codecs.size());
  for (size_t i = 0; i < capabilities.codecs.size(); ++i) {
    const auto& codec = capabilities.codecs[i];
    Napi::Object c = Napi::Object::New(env);
    c.Set("mimeType", MimeType(codec));
    c.Set("clockRate", codec.clock_rate.value_or(0));
    if (codec.num_channels) c.Set("channels", *codec.num_channels);
    std::string fmtp = SdpFmtpLine(codec.parameters);
    if (!fmtp.empty()) c.Set("sdpFmtpLine", fmtp);
    if (!codec.scalability_modes.empty()) {  // webrtc-svc, as Chrome lists them
      Napi::Array modes = Napi::Array::New(env, codec.scalability_modes.size());
      for (size_t m = 0; m < codec.scalability_modes.size(); ++m) {
        modes.Set(static_cast<uint32_t>(m), std::string(webrtc::ScalabilityModeToString(codec.scalability_modes[m])));
      }
      c.Set("scalabilityModes", modes);
    }
    codecs.Set(static_cast<uint32_t>(i), c);
  }
  object.Set("codecs", codecs);
  Napi::Array extensions = Napi::Array::New(env, capabilities.header_extensions.size());
  for (size_t i = 0; i < capabilities.header_extensions.size(); ++i) {
    Napi::Object e = Napi::Object::New(env);
    e.Set("uri", capabilities.header_extensions[i].uri);
    extensions.Set(static_cast<uint32_t>(i), e);
  }
  object.Set("headerExtensions", extensions);
  return object;
}

}  // namespace nlw
