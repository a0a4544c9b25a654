// nonstandard.RTCAudioSource: 10 ms frames of 16-bit PCM from JS feed libwebrtc audio tracks directly.
#pragma once

#include <napi.h>

#include <mutex>
#include <vector>

#include "addon_data.h"
#include "api/media_stream_interface.h"
#include "api/notifier.h"

namespace nlw {

class PushedAudioSource : public webrtc::Notifier<webrtc::AudioSourceInterface> {
 public:
  void AddSink(webrtc::AudioTrackSinkInterface* sink) override;
  void RemoveSink(webrtc::AudioTrackSinkInterface* sink) override;
  SourceState state() const override { return kLive; }
  bool remote() const override { return false; }
  void Push(const int16_t* samples, int sample_rate, size_t channels, size_t frames);

 private:
  std::mutex mutex_;
  std::vector<webrtc::AudioTrackSinkInterface*> sinks_;
};

class AudioSource : public Napi::ObjectWrap<AudioSource>, public EngineObject {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  explicit AudioSource(const Napi::CallbackInfo& info);
  ~AudioSource() override;
  void ReleaseEngineRefs() override;

 private:
  Napi::Value CreateTrack(const Napi::CallbackInfo& info);
  Napi::Value OnData(const Napi::CallbackInfo& info);

  rtc::scoped_refptr<PushedAudioSource> source_;
};

}  // namespace nlw
