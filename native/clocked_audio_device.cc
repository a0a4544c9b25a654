#include "clocked_audio_device.h"

#include "api/units/time_delta.h"

namespace nlw {

ClockedAudioDevice::ClockedAudioDevice(webrtc::TaskQueueFactory* queues) : queues_(queues) {}

ClockedAudioDevice::~ClockedAudioDevice() { Terminate(); }

int32_t ClockedAudioDevice::Init() {
  if (!queue_) {
    queue_ = std::make_unique<rtc::TaskQueue>(
        queues_->CreateTaskQueue("nlw-audio-clock", webrtc::TaskQueueFactory::Priority::NORMAL));
  }
  return 0;
}

int32_t ClockedAudioDevice::Terminate() {
  // Destroying the queue waits for a running pull and drops the clock's next one.
  queue_.reset();
  return 0;
}

int32_t ClockedAudioDevice::RegisterAudioCallback(webrtc::AudioTransport* callback) {
  webrtc::MutexLock lock(&lock_);
  callback_ = callback;
  return 0;
}

int32_t ClockedAudioDevice::StartPlayout() {
  if (!queue_) return -1;
  {
    webrtc::MutexLock lock(&lock_);
    if (playing_) return 0;
    playing_ = true;
  }
  queue_->PostTask([this] {
    if (!clock_.Running()) clock_ = webrtc::RepeatingTaskHandle::Start(queue_->Get(), [this] { return Pull(); });
  });
  return 0;
}

int32_t ClockedAudioDevice::StopPlayout() {
  webrtc::MutexLock lock(&lock_);
  playing_ = false;  // the clock sees it at its next tick and stops
  return 0;
}

bool ClockedAudioDevice::Playing() const {
  webrtc::MutexLock lock(&lock_);
  return playing_;
}

int32_t ClockedAudioDevice::StartRecording() {
  webrtc::MutexLock lock(&lock_);
  recording_ = true;
  return 0;
}

int32_t ClockedAudioDevice::StopRecording() {
  webrtc::MutexLock lock(&lock_);
  recording_ = false;
  return 0;
}

bool ClockedAudioDevice::Recording() const {
  webrtc::MutexLock lock(&lock_);
  return recording_;
}

webrtc::TimeDelta ClockedAudioDevice::Pull() {
  webrtc::MutexLock lock(&lock_);
  if (!playing_) {
    clock_.Stop();  // on the queue, inside the task: allowed, and the task is not run again
    return webrtc::TimeDelta::PlusInfinity();
  }
  if (callback_) {
    playout_.resize(kFramesPer10Ms * kChannels);
    size_t frames = 0;
    int64_t elapsed_ms = -1;
    int64_t ntp_ms = -1;
    callback_->NeedMorePlayData(kFramesPer10Ms, sizeof(int16_t) * kChannels, kChannels, kSampleRate,
                                playout_.data(), frames, &elapsed_ms, &ntp_ms);
  }
  return webrtc::TimeDelta::Millis(10);
}

}  // namespace nlw
