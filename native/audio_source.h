// nonstandard.RTCAudioSource: 10 ms frames of 16-bit PCM from JS feed libwebrtc audio tracks directly.
#pragma once

#include <napi.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <vector>

#include "addon_data.h"
#include "api/media_stream_interface.h"
#include "api/notifier.h"

namespace nlw {

class PushedAudioSource : public webrtc::Notifier<webrtc::AudioSourceInterface> {
 public:
  void AddSink(webrtc::AudioTrackSinkInterface* sink) override;
  void RemoveSink(webrtc::AudioTrackSinkInterface* sink) override;
  SourceState state() const override { return state_; }
  bool remote() const override { return false; }
  // The source is gone for good (its device went away): the tracks over it end. Signaling thread, where the
  // engine's tracks observe their source.
  void End();
  // `latency_ms`: from capture to now, as the device module (or the synthetic generator) reports it.
  void Push(const int16_t* samples, int sample_rate, size_t channels, size_t frames, double latency_ms = 0);

  // MediaStreamTrackAudioStats of capture devices: what was delivered, and per track a latency window
  // (minimum, maximum, frame-weighted average since the track's resetLatency()), kept here because each
  // 10 ms chunk updates it. JS thread.
  struct AudioCounts {
    uint64_t frames = 0;
    double duration_ms = 0;
    double latency_ms = 0;
    double minimum_ms = 0, maximum_ms = 0, average_ms = 0;  // of the window asked for
  };
  int OpenLatencyWindow();
  void CloseLatencyWindow(int id);
  AudioCounts ResetLatencyWindow(int id);  // and the counts right after, under the same lock
  void PauseLatencyWindow(int id, bool paused);
  AudioCounts Counts(int window_id);

 private:
  std::atomic<SourceState> state_{kLive};
  struct LatencyWindow {
    double minimum = 0, maximum = 0, weighted_sum = 0;
    uint64_t frames = 0;
    bool seeded = false;  // minimum and maximum hold a latency (the one at the reset, or a chunk's)
    bool paused = false;
  };
  AudioCounts CountsLocked(int window_id) const;

  std::mutex mutex_;
  std::vector<webrtc::AudioTrackSinkInterface*> sinks_;
  uint64_t frames_ = 0;
  double duration_ms_ = 0;
  double last_latency_ms_ = 0;
  std::map<int, LatencyWindow> windows_;
  int next_window_ = 1;
};

// audioStats(op, windowId): 'open' -> id; 'read' -> { frames, durationMs, latency, minimum, maximum,
// average } or null once released; 'reset' (returns what 'read' then would) | 'pause' | 'resume' | 'close'.
Napi::Value AudioStatsOp(const Napi::CallbackInfo& info, PushedAudioSource* source);

class AudioSource : public Napi::ObjectWrap<AudioSource>, public EngineObject {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  explicit AudioSource(const Napi::CallbackInfo& info);
  ~AudioSource() override;
  void ReleaseEngineRefs() override;

 private:
  Napi::Value CreateTrack(const Napi::CallbackInfo& info);
  Napi::Value OnData(const Napi::CallbackInfo& info);
  Napi::Value AudioStats(const Napi::CallbackInfo& info);

  rtc::scoped_refptr<PushedAudioSource> source_;
};

}  // namespace nlw
