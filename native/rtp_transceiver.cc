#include "rtp_transceiver.h"

#include "convert.h"
#include "engine.h"
#include "errors.h"
#include "rtp_parameters.h"
#include "rtp_receiver.h"
#include "rtp_sender.h"

namespace nlw {

std::optional<webrtc::RtpTransceiverDirection> ParseDirection(const std::string& name) {
  using D = webrtc::RtpTransceiverDirection;
  if (name == "sendrecv") return D::kSendRecv;
  if (name == "sendonly") return D::kSendOnly;
  if (name == "recvonly") return D::kRecvOnly;
  if (name == "inactive") return D::kInactive;
  if (name == "stopped") return D::kStopped;
  return std::nullopt;
}

const char* DirectionName(webrtc::RtpTransceiverDirection direction) {
  using D = webrtc::RtpTransceiverDirection;
  switch (direction) {
    case D::kSendRecv: return "sendrecv";
    case D::kSendOnly: return "sendonly";
    case D::kRecvOnly: return "recvonly";
    case D::kInactive: return "inactive";
    case D::kStopped: return "stopped";
  }
  return "inactive";
}

TransceiverState TransceiverState::Capture(rtc::scoped_refptr<webrtc::RtpTransceiverInterface> transceiver) {
  TransceiverState state;
  state.kind = transceiver->media_type() == cricket::MEDIA_TYPE_VIDEO ? "video" : "audio";
  if (auto mid = transceiver->mid()) state.mid = *mid;
  state.direction = DirectionName(transceiver->direction());
  if (auto current = transceiver->current_direction()) state.current_direction = DirectionName(*current);
  if (auto fired = transceiver->fired_direction()) state.fired_direction = DirectionName(*fired);
  state.stopped = transceiver->stopped();
  state.stopping = transceiver->stopping();
  state.remote_stream_ids = transceiver->receiver()->stream_ids();
  state.transceiver = std::move(transceiver);
  return state;
}

Napi::Object TransceiverState::ToJS(Napi::Env env, Shard* shard) const {
  Napi::Object object = Napi::Object::New(env);
  object.Set("transceiver", RtpTransceiver::NewInstance(env, transceiver, shard));
  object.Set("kind", kind);
  object.Set("mid", mid ? Napi::Value(Napi::String::New(env, *mid)) : env.Null());
  object.Set("direction", direction);
  object.Set("currentDirection", current_direction ? Napi::Value(Napi::String::New(env, *current_direction)) : env.Null());
  object.Set("firedDirection", fired_direction ? Napi::Value(Napi::String::New(env, *fired_direction)) : env.Null());
  object.Set("stopped", stopped);
  object.Set("stopping", stopping);
  Napi::Array ids = Napi::Array::New(env, remote_stream_ids.size());
  for (size_t i = 0; i < remote_stream_ids.size(); ++i) ids.Set(static_cast<uint32_t>(i), remote_stream_ids[i]);
  object.Set("remoteStreamIds", ids);
  return object;
}

void RtpTransceiver::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "NativeRtpTransceiver",
                                    {
                                        InstanceMethod<&RtpTransceiver::State>("state"),
                                        InstanceMethod<&RtpTransceiver::SetDirection>("setDirection"),
                                        InstanceMethod<&RtpTransceiver::Stop>("stop"),
                                        InstanceMethod<&RtpTransceiver::SetCodecPreferences>("setCodecPreferences"),
                                        InstanceMethod<&RtpTransceiver::HeaderExtensionsToNegotiate>("headerExtensionsToNegotiate"),
                                        InstanceMethod<&RtpTransceiver::SetHeaderExtensionsToNegotiate>("setHeaderExtensionsToNegotiate"),
                                        InstanceMethod<&RtpTransceiver::NegotiatedHeaderExtensions>("negotiatedHeaderExtensions"),
                                        InstanceMethod<&RtpTransceiver::Sender>("sender"),
                                        InstanceMethod<&RtpTransceiver::Receiver>("receiver"),
                                    });
  AddonData::Get(env)->constructors["RtpTransceiver"] = Napi::Persistent(ctor);
}

Napi::Object RtpTransceiver::NewInstance(Napi::Env env, rtc::scoped_refptr<webrtc::RtpTransceiverInterface> transceiver,
                                         Shard* shard) {
  AddonData* data = AddonData::Get(env);
  if (RtpTransceiver* existing = data->FindIdentity<RtpTransceiver>(transceiver.get())) return existing->Value();
  Napi::Object object = data->constructors["RtpTransceiver"].New({});
  RtpTransceiver* self = Napi::ObjectWrap<RtpTransceiver>::Unwrap(object);
  self->shard_ = shard;
  self->SetIdentity(transceiver.get());
  self->transceiver_ = std::move(transceiver);
  return object;
}

RtpTransceiver::RtpTransceiver(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<RtpTransceiver>(info), EngineObject(info.Env(), ShutdownOrder::kChild) {}

RtpTransceiver::~RtpTransceiver() { ReleaseEngineRefs(); }

void RtpTransceiver::ReleaseEngineRefs() { transceiver_ = nullptr; }

Napi::Value RtpTransceiver::State(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!transceiver_) return env.Null();
  rtc::scoped_refptr<webrtc::RtpTransceiverInterface> transceiver = transceiver_;
  TransceiverState state = shard_->signaling_thread()->BlockingCall([transceiver] { return TransceiverState::Capture(transceiver); });
  return state.ToJS(env, shard_);
}

Napi::Value RtpTransceiver::SetDirection(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!transceiver_) ThrowError(env, "InvalidStateError", "The RTCRtpTransceiver is closed");
  auto direction = ParseDirection(info[0].As<Napi::String>().Utf8Value());
  if (!direction) ThrowTypeError(env, "invalid RTCRtpTransceiverDirection");
  webrtc::RTCError error = transceiver_->SetDirectionWithError(*direction);
  if (!error.ok()) throw Napi::Error(env, MakeError(env, FromRTCError(error, "Could not set the direction")));
  return env.Undefined();
}

Napi::Value RtpTransceiver::Stop(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!transceiver_) return env.Undefined();
  webrtc::RTCError error = transceiver_->StopStandard();
  if (!error.ok()) throw Napi::Error(env, MakeError(env, FromRTCError(error, "Could not stop the transceiver")));
  return env.Undefined();
}

// setCodecPreferences([{ mimeType, clockRate, channels?, sdpFmtpLine? }]): each must be one of the engine's
// capabilities (send or receive, as the spec says); an empty list restores the default.
Napi::Value RtpTransceiver::SetCodecPreferences(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!transceiver_) ThrowError(env, "InvalidStateError", "The RTCRtpTransceiver is closed");
  cricket::MediaType kind = transceiver_->media_type();
  auto* factory = shard_->factory();
  std::vector<webrtc::RtpCodecCapability> known = factory->GetRtpReceiverCapabilities(kind).codecs;
  for (const auto& codec : factory->GetRtpSenderCapabilities(kind).codecs) known.push_back(codec);
  std::vector<webrtc::RtpCodecCapability> chosen;
  Napi::Array list = info[0].As<Napi::Array>();
  for (uint32_t i = 0; i < list.Length(); ++i) {
    Napi::Object c = list.Get(i).As<Napi::Object>();
    std::string mime = GetString(c, "mimeType");
    auto clock = GetNumber(c, "clockRate");
    auto channels = GetNumber(c, "channels");
    std::string fmtp = GetString(c, "sdpFmtpLine");
    const webrtc::RtpCodecCapability* match = nullptr;
    for (const auto& candidate : known) {
      if (strcasecmp(MimeType(candidate).c_str(), mime.c_str()) != 0) continue;
      if (clock && candidate.clock_rate.value_or(0) != static_cast<int>(*clock)) continue;
      // webrtc-pc "codec dictionary match": channels absent on both or equal (opus without channels is no match).
      if (candidate.num_channels.has_value() != channels.has_value()) continue;
      if (channels && *candidate.num_channels != static_cast<int>(*channels)) continue;
      if (SdpFmtpLine(candidate.parameters) != fmtp) continue;
      match = &candidate;
      break;
    }
    if (!match) {
      ThrowError(env, "InvalidModificationError",
                 "setCodecPreferences: " + mime + (fmtp.empty() ? "" : " (" + fmtp + ")") +
                     " is not a codec this engine supports (see RTCRtpReceiver.getCapabilities)");
    }
    chosen.push_back(*match);
  }
  webrtc::RTCError error = transceiver_->SetCodecPreferences(chosen);
  if (!error.ok()) {
    ErrorInfo failure = FromRTCError(error, "setCodecPreferences failed");
    failure.name = "InvalidModificationError";
    throw Napi::Error(env, MakeError(env, failure));
  }
  return env.Undefined();
}

Napi::Value RtpTransceiver::HeaderExtensionsToNegotiate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!transceiver_) ThrowError(env, "InvalidStateError", "The RTCRtpTransceiver is closed");
  std::vector<webrtc::RtpHeaderExtensionCapability> extensions = transceiver_->HeaderExtensionsToOffer();
  Napi::Array out = Napi::Array::New(env, extensions.size());
  for (size_t i = 0; i < extensions.size(); ++i) {
    Napi::Object extension = Napi::Object::New(env);
    extension.Set("direction", DirectionName(extensions[i].direction));
    extension.Set("uri", extensions[i].uri);
    out.Set(static_cast<uint32_t>(i), extension);
  }
  return out;
}

// setHeaderExtensionsToNegotiate([{uri, direction}]): lib/ has converted and checked the list (its length and
// order); the engine refuses a mandatory extension that is not sendrecv.
Napi::Value RtpTransceiver::SetHeaderExtensionsToNegotiate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!transceiver_) ThrowError(env, "InvalidStateError", "The RTCRtpTransceiver is closed");
  if (!info[0].IsArray()) ThrowTypeError(env, "setHeaderExtensionsToNegotiate expects an array");
  Napi::Array list = info[0].As<Napi::Array>();
  std::vector<webrtc::RtpHeaderExtensionCapability> extensions;
  for (uint32_t i = 0; i < list.Length(); ++i) {
    Napi::Object entry = list.Get(i).As<Napi::Object>();
    auto direction = ParseDirection(GetString(entry, "direction"));
    if (!direction) ThrowTypeError(env, "invalid RTCRtpTransceiverDirection");
    webrtc::RtpHeaderExtensionCapability extension;
    extension.uri = GetString(entry, "uri");
    extension.direction = *direction;
    extensions.push_back(std::move(extension));
  }
  webrtc::RTCError error = transceiver_->SetOfferedRtpHeaderExtensions(extensions);
  if (!error.ok()) throw Napi::Error(env, MakeError(env, FromRTCError(error, "Could not set the header extensions to negotiate")));
  return env.Undefined();
}

Napi::Value RtpTransceiver::NegotiatedHeaderExtensions(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!transceiver_) ThrowError(env, "InvalidStateError", "The RTCRtpTransceiver is closed");
  std::vector<webrtc::RtpHeaderExtensionCapability> negotiated = transceiver_->HeaderExtensionsNegotiated();
  Napi::Array out = Napi::Array::New(env, negotiated.size());
  for (size_t i = 0; i < negotiated.size(); ++i) out.Set(static_cast<uint32_t>(i), negotiated[i].uri);
  return out;
}

Napi::Value RtpTransceiver::Sender(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!transceiver_) return env.Null();
  return RtpSender::NewInstance(env, transceiver_->sender(), shard_);
}

Napi::Value RtpTransceiver::Receiver(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!transceiver_) return env.Null();
  return RtpReceiver::NewInstance(env, transceiver_->receiver(), shard_);
}

}  // namespace nlw
