#include "media_stream_track.h"

#include "engine.h"
#include "errors.h"
#include "rtc_base/helpers.h"

namespace nlw {

// Tells lib/ when libwebrtc ends the track (a remote track whose transceiver stopped, say).
class MediaStreamTrack::Observer : public webrtc::ObserverInterface {
 public:
  Observer(std::shared_ptr<Link<MediaStreamTrack>> link, webrtc::MediaStreamTrackInterface* track)
      : link_(std::move(link)), track_(track) {}
  void OnChanged() override {
    bool ended = track_->state() == webrtc::MediaStreamTrackInterface::kEnded;
    if (ended == reported_ended_) return;
    reported_ended_ = ended;
    Link<MediaStreamTrack>::Post(link_, [ended](Napi::Env env, MediaStreamTrack& self) { self.OnStateChanged(env, ended); });
  }

 private:
  std::shared_ptr<Link<MediaStreamTrack>> link_;
  webrtc::MediaStreamTrackInterface* track_;  // outlives us: we unregister before releasing it
  bool reported_ended_ = false;  // the track's own thread only
};

void MediaStreamTrack::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "NativeMediaStreamTrack",
                                    {
                                        InstanceMethod<&MediaStreamTrack::Info>("info"),
                                        InstanceMethod<&MediaStreamTrack::SetEnabled>("setEnabled"),
                                        InstanceMethod<&MediaStreamTrack::Stop>("stop"),
                                        InstanceMethod<&MediaStreamTrack::Clone>("clone"),
                                        InstanceMethod<&MediaStreamTrack::SetContentHint>("setContentHint"),
                                    });
  AddonData::Get(env)->constructors["MediaStreamTrack"] = Napi::Persistent(ctor);
}

Napi::Object MediaStreamTrack::NewInstance(Napi::Env env, rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> track,
                                           Shard* shard, bool remote) {
  AddonData* data = AddonData::Get(env);
  if (MediaStreamTrack* existing = data->FindIdentity<MediaStreamTrack>(track.get())) return existing->Value();
  Napi::Object object = data->constructors["MediaStreamTrack"].New({});
  MediaStreamTrack* self = Napi::ObjectWrap<MediaStreamTrack>::Unwrap(object);
  self->shard_ = shard;
  self->remote_ = remote;
  self->SetIdentity(track.get());
  self->track_ = track;
  self->kind_ = track->kind();
  self->id_ = track->id();
  self->link_ = std::make_shared<Link<MediaStreamTrack>>(data->funnel);
  self->link_->target = self;
  self->observer_ = std::make_unique<Observer>(self->link_, track.get());
  track->RegisterObserver(self->observer_.get());
  self->ended_ = track->state() == webrtc::MediaStreamTrackInterface::kEnded;
  return object;
}

MediaStreamTrack* MediaStreamTrack::FromValue(Napi::Value value) {
  if (!value.IsObject()) return nullptr;
  AddonData* data = AddonData::Get(value.Env());
  Napi::Object object = value.As<Napi::Object>();
  if (!object.InstanceOf(data->constructors["MediaStreamTrack"].Value())) return nullptr;
  return Napi::ObjectWrap<MediaStreamTrack>::Unwrap(object);
}

MediaStreamTrack::MediaStreamTrack(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<MediaStreamTrack>(info), EngineObject(info.Env(), ShutdownOrder::kChild) {}

MediaStreamTrack::~MediaStreamTrack() { ReleaseEngineRefs(); }

void MediaStreamTrack::ReleaseEngineRefs() {
  if (link_) link_->target = nullptr;
  if (track_) {
    track_->UnregisterObserver(observer_.get());
    track_ = nullptr;
  }
  for (auto& relay : relays_) relay->Detach();
  relays_.clear();
  siblings_.clear();
  observer_.reset();
}

rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> MediaStreamTrack::ForShard(Shard* shard) {
  if (!track_ || shard == shard_) return track_;
  auto it = siblings_.find(shard);
  if (it != siblings_.end()) return it->second;
  rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> sibling;
  if (kind_ == webrtc::MediaStreamTrackInterface::kVideoKind) {
    auto* video = static_cast<webrtc::VideoTrackInterface*>(track_.get());
    rtc::scoped_refptr<webrtc::VideoTrackSourceInterface> source(video->GetSource());
    if (remote_) {
      auto relay = rtc::make_ref_counted<RelayVideoSource>(rtc::scoped_refptr<webrtc::VideoTrackInterface>(video));
      relay->Attach();
      relays_.push_back(relay);
      source = relay;
    }
    auto video_sibling = shard->factory()->CreateVideoTrack(id_, source.get());
    video_sibling->set_content_hint(content_hint_);
    sibling = video_sibling;
  } else {
    auto* audio = static_cast<webrtc::AudioTrackInterface*>(track_.get());
    sibling = shard->factory()->CreateAudioTrack(id_, audio->GetSource());
  }
  sibling->set_enabled(track_->enabled());
  siblings_[shard] = sibling;
  return sibling;
}

Napi::Value MediaStreamTrack::Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object result = Napi::Object::New(env);
  result.Set("kind", kind_);
  result.Set("id", id_);
  result.Set("remote", remote_);
  result.Set("enabled", track_ ? track_->enabled() : false);
  result.Set("readyState", ended_ || !track_ ? "ended" : "live");
  return result;
}

Napi::Value MediaStreamTrack::SetEnabled(const Napi::CallbackInfo& info) {
  bool enabled = info[0].ToBoolean().Value();
  if (track_) track_->set_enabled(enabled);
  for (auto& [shard, sibling] : siblings_) sibling->set_enabled(enabled);
  return info.Env().Undefined();
}

// stop(): lib/ detaches the track from its senders and sinks; here it stops carrying media at all.
Napi::Value MediaStreamTrack::Stop(const Napi::CallbackInfo& info) {
  ended_ = true;
  if (track_) track_->set_enabled(false);
  for (auto& [shard, sibling] : siblings_) sibling->set_enabled(false);
  for (auto& relay : relays_) relay->Detach();
  relays_.clear();
  return info.Env().Undefined();
}

// clone(): a new track over the same source, on the same shard.
Napi::Value MediaStreamTrack::Clone(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!track_) ThrowError(env, "InvalidStateError", "The track was released");
  std::string id = rtc::CreateRandomUuid();
  rtc::scoped_refptr<webrtc::MediaStreamTrackInterface> copy;
  if (kind_ == webrtc::MediaStreamTrackInterface::kVideoKind) {
    copy = shard_->factory()->CreateVideoTrack(id, static_cast<webrtc::VideoTrackInterface*>(track_.get())->GetSource());
  } else {
    copy = shard_->factory()->CreateAudioTrack(id, static_cast<webrtc::AudioTrackInterface*>(track_.get())->GetSource());
  }
  copy->set_enabled(track_->enabled());
  return NewInstance(env, copy, shard_, remote_);
}

// contentHint of a video track (mediacapture-content-hints): '' | 'motion' | 'detail' | 'text', which
// libwebrtc's encoders use to prefer frame rate or resolution, as in Chrome. Audio has no native hint.
Napi::Value MediaStreamTrack::SetContentHint(const Napi::CallbackInfo& info) {
  using Hint = webrtc::VideoTrackInterface::ContentHint;
  std::string hint = info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
  if (kind_ != webrtc::MediaStreamTrackInterface::kVideoKind) return info.Env().Undefined();
  content_hint_ = hint == "motion" ? Hint::kFluid : hint == "detail" ? Hint::kDetailed : hint == "text" ? Hint::kText : Hint::kNone;
  if (track_) static_cast<webrtc::VideoTrackInterface*>(track_.get())->set_content_hint(content_hint_);
  for (auto& [shard, sibling] : siblings_) static_cast<webrtc::VideoTrackInterface*>(sibling.get())->set_content_hint(content_hint_);
  return info.Env().Undefined();
}

void MediaStreamTrack::OnStateChanged(Napi::Env env, bool ended) {
  if (!ended || ended_) return;
  ended_ = true;
  CallHandler(Value(), "onended", {});
}

}  // namespace nlw
