#include "rtp_sender.h"

#include <algorithm>

#include "dtls_transport.h"
#include "dtmf_sender.h"
#include "encoded_transform.h"
#include "engine.h"
#include "errors.h"
#include "media_stream_track.h"
#include "rtp_parameters.h"

namespace nlw {

void RtpSender::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "NativeRtpSender",
                                    {
                                        StaticMethod<&RtpSender::GetCapabilities>("getCapabilities"),
                                        InstanceMethod<&RtpSender::ReplaceTrack>("replaceTrack"),
                                        InstanceMethod<&RtpSender::GetParameters>("getParameters"),
                                        InstanceMethod<&RtpSender::SetParameters>("setParameters"),
                                        InstanceMethod<&RtpSender::Transport>("transport"),
                                        InstanceMethod<&RtpSender::Dtmf>("dtmf"),
                                        InstanceMethod<&RtpSender::SetStreams>("setStreams"),
                                        InstanceMethod<&RtpSender::StreamIds>("streamIds"),
                                        InstanceMethod<&RtpSender::Ssrcs>("ssrcs"),
                                        InstanceMethod<&RtpSender::Kind>("kind"),
                                        InstanceMethod<&RtpSender::SetTransform>("setTransform"),
                                        InstanceMethod<&RtpSender::SetPayloadTypes>("setPayloadTypes"),
                                    });
  AddonData::Get(env)->constructors["RtpSender"] = Napi::Persistent(ctor);
  exports.Set("RtpSender", ctor);
}

Napi::Object RtpSender::NewInstance(Napi::Env env, rtc::scoped_refptr<webrtc::RtpSenderInterface> sender, Shard* shard) {
  AddonData* data = AddonData::Get(env);
  if (RtpSender* existing = data->FindIdentity<RtpSender>(sender.get())) return existing->Value();
  Napi::Object object = data->constructors["RtpSender"].New({});
  RtpSender* self = Napi::ObjectWrap<RtpSender>::Unwrap(object);
  self->shard_ = shard;
  self->SetIdentity(sender.get());
  self->sender_ = std::move(sender);
  return object;
}

RtpSender* RtpSender::FromValue(Napi::Value value) {
  if (!value.IsObject()) return nullptr;
  Napi::Object object = value.As<Napi::Object>();
  if (!object.InstanceOf(AddonData::Get(value.Env())->constructors["RtpSender"].Value())) return nullptr;
  return Napi::ObjectWrap<RtpSender>::Unwrap(object);
}

RtpSender::RtpSender(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<RtpSender>(info), EngineObject(info.Env(), ShutdownOrder::kChild) {}

RtpSender::~RtpSender() { ReleaseEngineRefs(); }

void RtpSender::ReleaseEngineRefs() {
  // Before this environment's engine threads stop: the worker's key-frame requests must not reach them.
  if (transform_target_) transform_target_->SetKeyFrameRequester(nullptr);
  transform_target_ = nullptr;
  sender_ = nullptr;
  transform_router_ = nullptr;
}

// getCapabilities('audio' | 'video'): what this engine can send (AV1 is not in it, so not listed).
Napi::Value RtpSender::GetCapabilities(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string kind = info[0].As<Napi::String>().Utf8Value();
  Shard& shard = AddonData::Get(env)->engine().DefaultShard();
  return ToJS(env, shard.factory()->GetRtpSenderCapabilities(kind == "video" ? cricket::MEDIA_TYPE_VIDEO
                                                                             : cricket::MEDIA_TYPE_AUDIO));
}

// replaceTrack(nativeTrack | null): no renegotiation; lib/ checked kind and state.
Napi::Value RtpSender::ReplaceTrack(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!sender_) ThrowError(env, "InvalidStateError", "The RTCRtpSender is closed");
  rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> track;
  if (MediaStreamTrack* wrapper = MediaStreamTrack::FromValue(info[0])) track = wrapper->ForShard(shard_);
  if (!sender_->SetTrack(track.get())) ThrowError(env, "InvalidModificationError", "libwebrtc refused the track");
  return env.Undefined();
}

Napi::Value RtpSender::GetParameters(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!sender_) return env.Null();
  return ToJS(env, sender_->GetParameters(), true);
}

// setParameters(parameters): the spec's checks on unchanged members happen here and in libwebrtc.
Napi::Value RtpSender::SetParameters(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!sender_) ThrowError(env, "InvalidStateError", "The RTCRtpSender is closed");
  webrtc::RtpParameters parameters = sender_->GetParameters();
  std::string fresh_transaction = parameters.transaction_id;
  ApplySendParameters(env, info[0].As<Napi::Object>(), &parameters);
  // lib/ already matched the transaction id against the last getParameters(); libwebrtc wants its own.
  parameters.transaction_id = fresh_transaction;
  webrtc::RTCError error = sender_->SetParameters(parameters);
  if (!error.ok()) throw Napi::Error(env, MakeError(env, FromRTCError(error, "setParameters failed")));
  return env.Undefined();
}

Napi::Value RtpSender::Transport(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!sender_) return env.Null();
  auto transport = sender_->dtls_transport();
  return transport ? DtlsTransport::NewInstance(env, transport, shard_) : env.Null();
}

Napi::Value RtpSender::Dtmf(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!sender_) return env.Null();
  auto dtmf = sender_->GetDtmfSender();
  return dtmf ? DtmfSender::NewInstance(env, dtmf, shard_) : env.Null();
}

Napi::Value RtpSender::SetStreams(const Napi::CallbackInfo& info) {
  if (!sender_) return info.Env().Undefined();
  std::vector<std::string> ids;
  Napi::Array list = info[0].As<Napi::Array>();
  for (uint32_t i = 0; i < list.Length(); ++i) ids.push_back(list.Get(i).As<Napi::String>().Utf8Value());
  sender_->SetStreams(ids);
  return info.Env().Undefined();
}

// The sender's msid stream ids as libwebrtc holds them now: applying a local description can put back the
// ones an earlier description carried, so lib/ compares them with what setStreams() asked for.
Napi::Value RtpSender::StreamIds(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!sender_) return Napi::Array::New(env);
  std::vector<std::string> ids = sender_->stream_ids();
  Napi::Array list = Napi::Array::New(env, ids.size());
  for (size_t i = 0; i < ids.size(); ++i) list.Set(static_cast<uint32_t>(i), ids[i]);
  return list;
}

// The SSRCs of the sender's encodings (none before negotiation): its outbound-rtp stats carry them, which
// lets lib/ pick this sender's stats from the full report whether or not it has a track.
Napi::Value RtpSender::Ssrcs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array list = Napi::Array::New(env);
  if (!sender_) return list;
  uint32_t index = 0;
  for (const auto& encoding : sender_->GetParameters().encodings) {
    if (encoding.ssrc) list.Set(index++, Napi::Number::New(env, *encoding.ssrc));
  }
  return list;
}

Napi::Value RtpSender::Kind(const Napi::CallbackInfo& info) {
  if (!sender_) return info.Env().Null();
  return Napi::String::New(info.Env(), sender_->media_type() == cricket::MEDIA_TYPE_VIDEO ? "video" : "audio");
}

// setTransform(nativeScriptTransform | null): encoded frames go through it between the encoder and the
// packetizer (null: straight on). The engine gets this sender's router once; the router switches.
Napi::Value RtpSender::SetTransform(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  rtc::scoped_refptr<EncodedTransform> target = TransformArgument(info);
  const std::string kind = sender_ && sender_->media_type() == cricket::MEDIA_TYPE_VIDEO ? "video" : "audio";
  const bool install = SwitchTransform(env, sender_ != nullptr, transform_router_,
                                       webrtc::TransformableFrameInterface::Direction::kSender, mime_types_, target, kind);
  if (!sender_ || (!target && !transform_router_)) return env.Undefined();
  if (transform_target_) transform_target_->SetKeyFrameRequester(nullptr);  // it has ended with the switch
  transform_target_ = target;
  if (install) sender_->SetEncoderToPacketizerFrameTransformer(transform_router_);
  if (target && kind == "video") {
    // generateKeyFrame(rid): the sender's encoder makes one, on every layer (the proxies hop to this shard).
    // A sender that is not encoding now (no track, inactive) asks nothing; the caller waits for a key frame.
    target->SetKeyFrameRequester([sender = sender_](const std::optional<std::string>& rid) {
      if (rid) {
        const auto encodings = sender->GetParameters().encodings;
        if (std::none_of(encodings.begin(), encodings.end(), [&](const auto& e) { return e.rid == *rid; })) {
          return EncodedTransform::KeyFrameRequest::kUnknownRid;
        }
      }
      sender->GenerateKeyFrame();
      return EncodedTransform::KeyFrameRequest::kSent;
    });
  }
  return env.Undefined();
}

// setPayloadTypes([[payloadType, mimeType], ...]): the negotiated codecs, named in the metadata of frames
// going through a transform.
void RtpSender::SetPayloadTypes(const Napi::CallbackInfo& info) {
  mime_types_ = MimeTypesFromJS(info[0]);
  if (transform_router_) transform_router_->SetMimeTypes(mime_types_);
}

}  // namespace nlw
