#include "audio_sink.h"

#include <atomic>
#include <cstring>

#include "convert.h"
#include "drop_oldest_queue.h"
#include "errors.h"
#include "media_stream_track.h"

namespace nlw {

namespace {
constexpr size_t kMaxQueuedChunks = 100;  // one second of 10 ms chunks
}

class AudioSink::Receiver : public webrtc::AudioTrackSinkInterface {
 public:
  explicit Receiver(std::shared_ptr<Link<AudioSink>> link) : link_(std::move(link)) {}

  struct Chunk {
    std::vector<int16_t> samples;
    int sample_rate;
    size_t channels;
    size_t frames;
  };

  void OnData(const void* audio_data, int bits_per_sample, int sample_rate, size_t number_of_channels,
              size_t number_of_frames) override {
    if (bits_per_sample != 16 || !audio_data) return;
    Chunk chunk{std::vector<int16_t>(number_of_channels * number_of_frames), sample_rate, number_of_channels,
                number_of_frames};
    // libwebrtc hands sinks the source's audio whatever the track's enabled state; a disabled track renders
    // silence (mediacapture-main), so its chunks keep their timing and carry zeros.
    if (enabled_.load(std::memory_order_relaxed)) {
      memcpy(chunk.samples.data(), audio_data, chunk.samples.size() * sizeof(int16_t));
    }
    if (queue_.Push(std::move(chunk))) {
      Link<AudioSink>::Post(link_, [](Napi::Env env, AudioSink& sink) { sink.Flush(env); });
    }
  }

  std::deque<Chunk> Take() { return queue_.Take(); }
  uint64_t dropped() const { return queue_.dropped(); }
  void set_enabled(bool enabled) { enabled_.store(enabled, std::memory_order_relaxed); }

 private:
  std::shared_ptr<Link<AudioSink>> link_;
  std::atomic<bool> enabled_{true};  // set on the JS thread, read on the audio thread
  DropOldestQueue<Chunk> queue_{kMaxQueuedChunks};
};

void AudioSink::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "RTCAudioSink",
                                    {
                                        InstanceMethod<&AudioSink::Stop>("stop"),
                                        InstanceMethod<&AudioSink::Dropped>("dropped"),
                                        InstanceMethod<&AudioSink::SetEnabled>("setEnabled"),
                                    });
  exports.Set("AudioSink", ctor);
}

AudioSink::AudioSink(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<AudioSink>(info), EngineObject(info.Env(), ShutdownOrder::kSource) {
  Napi::Env env = info.Env();
  MediaStreamTrack* track = MediaStreamTrack::FromValue(info[0]);
  if (!track || track->kind() != "audio" || !track->track()) {
    ThrowTypeError(env, "RTCAudioSink: expected an audio MediaStreamTrack");
  }
  track_ = rtc::scoped_refptr<webrtc::AudioTrackInterface>(static_cast<webrtc::AudioTrackInterface*>(track->track()));
  link_ = std::make_shared<Link<AudioSink>>(AddonData::Get(env)->funnel);
  link_->target = this;
  receiver_ = std::make_unique<Receiver>(link_);
  // (nativeTrack, enabled): a track disabled before the sink existed renders silence from the first chunk.
  if (info.Length() > 1) receiver_->set_enabled(info[1].ToBoolean().Value());
  track_->AddSink(receiver_.get());
}

AudioSink::~AudioSink() { ReleaseEngineRefs(); }

void AudioSink::ReleaseEngineRefs() {
  if (link_) link_->target = nullptr;
  if (track_) {
    track_->RemoveSink(receiver_.get());
    track_ = nullptr;
  }
  receiver_.reset();
}

Napi::Value AudioSink::Stop(const Napi::CallbackInfo& info) {
  ReleaseEngineRefs();
  return info.Env().Undefined();
}

// lib/ follows the track's enabled attribute (the track proxy cannot be asked from the audio thread).
Napi::Value AudioSink::SetEnabled(const Napi::CallbackInfo& info) {
  if (receiver_) receiver_->set_enabled(info[0].ToBoolean().Value());
  return info.Env().Undefined();
}

Napi::Value AudioSink::Dropped(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), receiver_ ? static_cast<double>(receiver_->dropped()) : 0);
}

// JS thread: ondata(Int16Array samples, sampleRate, channelCount, numberOfFrames) per queued chunk.
void AudioSink::Flush(Napi::Env env) {
  if (!receiver_) return;
  // The handle keeps this wrapper alive through the handlers and the microtasks between them.
  Napi::HandleScope outer(env);
  Napi::Object self = Value();
  bool first = true;
  for (auto& chunk : receiver_->Take()) {
    // Each 10 ms chunk is its own task (see VideoSink::Flush).
    if (!first) link_->funnel->Checkpoint();
    first = false;
    if (!link_->target) break;
    Napi::HandleScope scope(env);
    Napi::ArrayBuffer buffer = CopyToArrayBuffer(env, chunk.samples.data(), chunk.samples.size() * sizeof(int16_t));
    Napi::TypedArrayOf<int16_t> samples =
        Napi::TypedArrayOf<int16_t>::New(env, chunk.samples.size(), buffer, 0, napi_int16_array);
    CallHandler(self, "ondata",
                {samples, Napi::Number::New(env, chunk.sample_rate),
                 Napi::Number::New(env, static_cast<double>(chunk.channels)),
                 Napi::Number::New(env, static_cast<double>(chunk.frames))});
  }
}

}  // namespace nlw
