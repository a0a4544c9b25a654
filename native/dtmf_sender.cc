#include "dtmf_sender.h"

#include <atomic>

#include "errors.h"

namespace nlw {

// Each tonechange carries how many insertDTMF() calls had completed when the engine made it, so that lib/
// can tell a buffer made before the latest insert (stale) from one made after it.
class DtmfSender::Observer : public webrtc::DtmfSenderObserverInterface {
 public:
  explicit Observer(std::shared_ptr<Link<DtmfSender>> link) : link_(std::move(link)) {}
  void OnToneChange(const std::string& tone, const std::string& tone_buffer) override {
    double inserts = static_cast<double>(inserts_.load());
    Link<DtmfSender>::Post(link_, [tone, tone_buffer, inserts](Napi::Env env, DtmfSender& self) {
      CallHandler(self.Value(), "ontonechange",
                  {Napi::String::New(env, tone), Napi::String::New(env, tone_buffer), Napi::Number::New(env, inserts)});
    });
  }
  // Signaling thread, in the same task as the engine's insert: its playout runs on that thread too, so every
  // tone change after the insert carries the new count, and none before it does.
  void Inserted() { ++inserts_; }

 private:
  std::shared_ptr<Link<DtmfSender>> link_;
  std::atomic<uint64_t> inserts_{0};
};

void DtmfSender::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "NativeDtmfSender",
                                    {
                                        InstanceMethod<&DtmfSender::InsertDtmf>("insertDTMF"),
                                        InstanceMethod<&DtmfSender::CanInsertDtmf>("canInsertDTMF"),
                                    });
  AddonData::Get(env)->constructors["DtmfSender"] = Napi::Persistent(ctor);
}

Napi::Object DtmfSender::NewInstance(Napi::Env env, rtc::scoped_refptr<webrtc::DtmfSenderInterface> dtmf,
                                     Shard* shard) {
  AddonData* data = AddonData::Get(env);
  if (DtmfSender* existing = data->FindIdentity<DtmfSender>(dtmf.get())) return existing->Value();
  Napi::Object object = data->constructors["DtmfSender"].New({});
  DtmfSender* self = Napi::ObjectWrap<DtmfSender>::Unwrap(object);
  self->SetIdentity(dtmf.get());
  self->dtmf_ = std::move(dtmf);
  self->shard_ = shard;
  self->link_ = std::make_shared<Link<DtmfSender>>(data->funnel);
  self->link_->target = self;
  self->observer_ = std::make_unique<Observer>(self->link_);
  self->dtmf_->RegisterObserver(self->observer_.get());
  return object;
}

DtmfSender::DtmfSender(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<DtmfSender>(info), EngineObject(info.Env(), ShutdownOrder::kChild) {}

DtmfSender::~DtmfSender() { ReleaseEngineRefs(); }

void DtmfSender::ReleaseEngineRefs() {
  if (link_) link_->target = nullptr;
  if (dtmf_) {
    if (OwnsIdentity()) dtmf_->UnregisterObserver();  // else a newer wrapper's observer is registered
    dtmf_ = nullptr;
  }
  observer_.reset();
}

// insertDTMF(tones, duration, interToneGap): lib/ validated and clamped them as the spec says.
Napi::Value DtmfSender::InsertDtmf(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!dtmf_) ThrowError(env, "InvalidStateError", "The RTCDTMFSender is closed");
  std::string tones = info[0].As<Napi::String>().Utf8Value();
  int duration = info[1].As<Napi::Number>().Int32Value();
  int gap = info[2].As<Napi::Number>().Int32Value();
  Observer* observer = observer_.get();
  webrtc::DtmfSenderInterface* dtmf = dtmf_.get();
  const bool inserted = shard_->signaling_thread()->BlockingCall([&] {
    if (!dtmf->InsertDtmf(tones, duration, gap)) return false;
    observer->Inserted();
    return true;
  });
  if (!inserted) ThrowError(env, "InvalidStateError", "The sender cannot send DTMF now");
  return env.Undefined();
}

Napi::Value DtmfSender::CanInsertDtmf(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), dtmf_ && dtmf_->CanInsertDtmf());
}

}  // namespace nlw
