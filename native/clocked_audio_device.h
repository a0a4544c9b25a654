// The audio device module of every connection group: no hardware, only a 10 ms clock that pulls received
// audio while playout runs (that pull is what feeds remote audio tracks and their sinks) and discards it.
// Audio to send comes from sources that feed their tracks directly, so recording delivers nothing.
// Unlike libwebrtc's TestAudioDeviceModule, the clock stops when playout stops: an idle process sleeps.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "api/task_queue/task_queue_factory.h"
#include "modules/audio_device/include/audio_device_default.h"
#include "rtc_base/synchronization/mutex.h"
#include "rtc_base/task_queue.h"
#include "rtc_base/task_utils/repeating_task.h"

namespace nlw {

class ClockedAudioDevice : public webrtc::webrtc_impl::AudioDeviceModuleDefault<webrtc::AudioDeviceModule> {
 public:
  explicit ClockedAudioDevice(webrtc::TaskQueueFactory* queues);
  ~ClockedAudioDevice() override;

  int32_t Init() override;
  int32_t Terminate() override;
  int32_t RegisterAudioCallback(webrtc::AudioTransport* callback) override;
  int32_t StartPlayout() override;
  int32_t StopPlayout() override;
  bool Playing() const override;
  int32_t StartRecording() override;
  int32_t StopRecording() override;
  bool Recording() const override;

 private:
  static constexpr int kSampleRate = 48000;
  static constexpr int kChannels = 2;
  static constexpr int kFramesPer10Ms = kSampleRate / 100;

  webrtc::TimeDelta Pull();

  webrtc::TaskQueueFactory* const queues_;
  std::unique_ptr<rtc::TaskQueue> queue_;
  webrtc::RepeatingTaskHandle clock_;  // started and stopped on queue_
  // Atomic, not under lock_: the worker thread asks Playing() and calls StopPlayout() without waiting for a
  // pull (a whole mix and decode) to finish.
  std::atomic<bool> playing_{false};
  std::atomic<bool> recording_{false};
  // Held during a pull, so that RegisterAudioCallback(nullptr) waits until the callback is no longer used.
  webrtc::Mutex lock_;
  webrtc::AudioTransport* callback_ RTC_GUARDED_BY(lock_) = nullptr;
  std::vector<int16_t> playout_ RTC_GUARDED_BY(lock_);
};

}  // namespace nlw
