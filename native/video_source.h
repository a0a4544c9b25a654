// nonstandard.RTCVideoSource: raw I420 frames from JS become a libwebrtc video source and its tracks.
#pragma once

#include <napi.h>

#include <atomic>
#include <cstdint>
#include <memory>

#include "addon_data.h"
#include "media/base/adapted_video_track_source.h"

namespace nlw {

// What a capture device's source delivered to its tracks, and what it discarded (the adapter dropping frames
// to hold a frame rate a sink asked for), for MediaStreamTrack.stats. A sink of its own, so that frames
// count as delivered with no other sink, as the spec wants.
class FrameCounter : public rtc::VideoSinkInterface<webrtc::VideoFrame> {
 public:
  void OnFrame(const webrtc::VideoFrame&) override { delivered_.fetch_add(1, std::memory_order_relaxed); }
  void OnDiscardedFrame() override { discarded_.fetch_add(1, std::memory_order_relaxed); }
  uint64_t delivered() const { return delivered_.load(std::memory_order_relaxed); }
  uint64_t discarded() const { return discarded_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> delivered_{0};
  std::atomic<uint64_t> discarded_{0};
};

// Frames pushed from the JS thread, adapted (scaled or dropped) as the encoders ask.
class PushedVideoTrackSource : public rtc::AdaptedVideoTrackSource {
 public:
  PushedVideoTrackSource(bool is_screencast, absl::optional<bool> needs_denoising)
      : is_screencast_(is_screencast), needs_denoising_(needs_denoising) {}
  ~PushedVideoTrackSource() override;
  void Push(rtc::scoped_refptr<webrtc::I420BufferInterface> buffer, webrtc::VideoRotation rotation, int64_t time_us);
  // Capture devices: frames are cropped (to the aspect ratio) and scaled to this size first; 0 = as is.
  void SetOutputSize(int width, int height) {
    output_width_ = width;
    output_height_ = height;
  }
  bool is_screencast() const override { return is_screencast_; }
  absl::optional<bool> needs_denoising() const override { return needs_denoising_; }
  SourceState state() const override { return state_; }
  bool remote() const override { return false; }
  // The source is gone for good (its display or device went away): the tracks over it end. Signaling thread,
  // where the engine's tracks observe their source.
  void End();
  // JS thread. Starts counting frames on first use (device tracks, when made).
  const FrameCounter& CountFrames();

 private:
  std::unique_ptr<FrameCounter> counter_;
  const bool is_screencast_;
  const absl::optional<bool> needs_denoising_;
  std::atomic<int> output_width_{0};
  std::atomic<int> output_height_{0};
  std::atomic<SourceState> state_{kLive};
};

// frameCounts(): { delivered, discarded } since counting began (null once the source is released).
Napi::Value FrameCountsToJS(Napi::Env env, PushedVideoTrackSource* source);

class VideoSource : public Napi::ObjectWrap<VideoSource>, public EngineObject {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  explicit VideoSource(const Napi::CallbackInfo& info);  // ({ isScreencast, needsDenoising })
  ~VideoSource() override;
  void ReleaseEngineRefs() override;

 private:
  Napi::Value CreateTrack(const Napi::CallbackInfo& info);
  Napi::Value OnFrame(const Napi::CallbackInfo& info);
  Napi::Value FrameCounts(const Napi::CallbackInfo& info);

  rtc::scoped_refptr<PushedVideoTrackSource> source_;
};

}  // namespace nlw
