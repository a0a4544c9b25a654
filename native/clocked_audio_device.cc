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
  // Destroying the queue waits for a running pull and drops the clock's next one; then nothing else runs.
  queue_.reset();
  clock_ = webrtc::RepeatingTaskHandle();
  playing_ = false;
  recording_ = false;
  return 0;
}

int32_t ClockedAudioDevice::RegisterAudioCallback(webrtc::AudioTransport* callback) {
  webrtc::MutexLock lock(&lock_);
  callback_ = callback;
  return 0;
}

int32_t ClockedAudioDevice::StartPlayout() {
  if (!queue_) return -1;
  if (playing_.exchange(true)) return 0;
  // The task must not read queue_: Terminate() may be resetting it on the worker thread meanwhile.
  webrtc::TaskQueueBase* queue = queue_->Get();
  queue_->PostTask([this, queue] {
    if (!clock_.Running()) clock_ = webrtc::RepeatingTaskHandle::Start(queue, [this] { return Pull(); });
  });
  return 0;
}

int32_t ClockedAudioDevice::StopPlayout() {
  playing_ = false;  // the clock sees it at its next tick and stops
  return 0;
}

bool ClockedAudioDevice::Playing() const { return playing_; }

int32_t ClockedAudioDevice::StartRecording() {
  recording_ = true;
  return 0;
}

int32_t ClockedAudioDevice::StopRecording() {
  recording_ = false;
  return 0;
}

bool ClockedAudioDevice::Recording() const { return recording_; }

webrtc::TimeDelta ClockedAudioDevice::Pull() {
  if (!playing_) {
    clock_.Stop();  // on the queue, inside the task: allowed, and the task is not run again
    return webrtc::TimeDelta::PlusInfinity();
  }
  webrtc::MutexLock lock(&lock_);
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
