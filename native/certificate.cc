#include "certificate.h"

#include <algorithm>
#include <cctype>

#include "addon_data.h"
#include "convert.h"
#include "errors.h"
#include "rtc_base/rtc_certificate_generator.h"
#include "rtc_base/ssl_fingerprint.h"

namespace nlw {

namespace {

// Key generation (RSA takes ~100 ms) runs on libuv's thread pool, never on the JS thread.
class GenerateWorker : public Napi::AsyncWorker {
 public:
  GenerateWorker(Napi::Env env, rtc::KeyParams params, absl::optional<uint64_t> expires_ms)
      : Napi::AsyncWorker(env, "node-libwebrtc:generateCertificate"),
        deferred_(Napi::Promise::Deferred::New(env)),
        params_(params),
        expires_ms_(expires_ms) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

  void Execute() override {
    certificate_ = rtc::RTCCertificateGenerator::GenerateCertificate(params_, expires_ms_);
    if (!certificate_) SetError("key generation failed");
  }
  void OnOK() override { deferred_.Resolve(Certificate::NewInstance(Env(), certificate_)); }
  void OnError(const Napi::Error&) override {
    ErrorInfo info{"OperationError", "libwebrtc could not generate the certificate", {}, {}, {}};
    deferred_.Reject(MakeError(Env(), info));
  }

 private:
  Napi::Promise::Deferred deferred_;
  rtc::KeyParams params_;
  absl::optional<uint64_t> expires_ms_;
  rtc::scoped_refptr<rtc::RTCCertificate> certificate_;
};

}  // namespace

void Certificate::Init(Napi::Env env, Napi::Object exports) {
  Napi::Function ctor = DefineClass(env, "NativeCertificate",
                                    {
                                        StaticMethod<&Certificate::Generate>("generate"),
                                        InstanceAccessor<&Certificate::GetExpires>("expires"),
                                        InstanceMethod<&Certificate::GetFingerprints>("getFingerprints"),
                                    });
  AddonData::Get(env)->constructors["Certificate"] = Napi::Persistent(ctor);
  exports.Set("Certificate", ctor);
}

Napi::Object Certificate::NewInstance(Napi::Env env, rtc::scoped_refptr<rtc::RTCCertificate> certificate) {
  Napi::Object object = AddonData::Get(env)->constructors["Certificate"].New({});
  Napi::ObjectWrap<Certificate>::Unwrap(object)->certificate_ = std::move(certificate);
  return object;
}

Certificate* Certificate::FromValue(Napi::Value value) {
  if (!value.IsObject()) return nullptr;
  AddonData* data = AddonData::Get(value.Env());
  Napi::Object object = value.As<Napi::Object>();
  if (!object.InstanceOf(data->constructors["Certificate"].Value())) return nullptr;
  return Napi::ObjectWrap<Certificate>::Unwrap(object);
}

Certificate::Certificate(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Certificate>(info) {}

// generate({ name: 'ECDSA' | 'RSASSA-PKCS1-v1_5', modulusLength?, publicExponent?, expires? })
Napi::Value Certificate::Generate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object params = info[0].As<Napi::Object>();
  std::string name = GetString(params, "name");
  rtc::KeyParams key = name == "ECDSA"
                           ? rtc::KeyParams::ECDSA(rtc::EC_NIST_P256)
                           : rtc::KeyParams::RSA(static_cast<int>(GetNumber(params, "modulusLength").value_or(2048)),
                                                 static_cast<int>(GetNumber(params, "publicExponent").value_or(65537)));
  if (!key.IsValid()) ThrowError(env, "NotSupportedError", "unsupported key parameters");
  absl::optional<uint64_t> expires;
  if (auto ms = GetNumber(params, "expires")) expires = static_cast<uint64_t>(std::max(0.0, *ms));
  auto* worker = new GenerateWorker(env, key, expires);  // owned by libuv's queue: deletes itself when done
  worker->Queue();
  return worker->Promise();
}

Napi::Value Certificate::GetExpires(const Napi::CallbackInfo& info) {
  if (!certificate_) return info.Env().Null();
  return Napi::Number::New(info.Env(), static_cast<double>(certificate_->Expires()));
}

Napi::Value Certificate::GetFingerprints(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array list = Napi::Array::New(env);
  if (!certificate_) return list;
  std::unique_ptr<rtc::SSLFingerprint> fingerprint = rtc::SSLFingerprint::CreateFromCertificate(*certificate_);
  if (!fingerprint) return list;
  std::string value = fingerprint->GetRfc4572Fingerprint();
  std::transform(value.begin(), value.end(), value.begin(), [](unsigned char c) { return std::tolower(c); });
  Napi::Object entry = Napi::Object::New(env);
  entry.Set("algorithm", fingerprint->algorithm);
  entry.Set("value", value);
  list.Set(0u, entry);
  return list;
}

}  // namespace nlw
