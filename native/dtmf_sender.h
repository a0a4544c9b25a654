// RTCDTMFSender's native half.
#pragma once

#include <napi.h>

#include "addon_data.h"
#include "engine.h"
#include "api/dtmf_sender_interface.h"
#include "link.h"

namespace nlw {

class DtmfSender : public Napi::ObjectWrap<DtmfSender>, public EngineObject {
 public:
  static void Init(Napi::Env env, Napi::Object exports);
  static Napi::Object NewInstance(Napi::Env env, rtc::scoped_refptr<webrtc::DtmfSenderInterface> dtmf, Shard* shard);
  explicit DtmfSender(const Napi::CallbackInfo& info);
  ~DtmfSender() override;
  void ReleaseEngineRefs() override;

 private:
  class Observer;
  Napi::Value InsertDtmf(const Napi::CallbackInfo& info);
  Napi::Value CanInsertDtmf(const Napi::CallbackInfo& info);

  rtc::scoped_refptr<webrtc::DtmfSenderInterface> dtmf_;
  std::unique_ptr<Observer> observer_;
  std::shared_ptr<Link<DtmfSender>> link_;
  Shard* shard_ = nullptr;  // its signaling thread runs the engine's DTMF playout
};

}  // namespace nlw
