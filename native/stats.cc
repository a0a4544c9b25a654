#include "stats.h"

#include "api/stats/rtc_stats_collector_callback.h"
#include "api/stats/rtc_stats_report.h"
#include "funnel.h"

namespace nlw {

namespace {

class StatsCallback : public webrtc::RTCStatsCollectorCallback {
 public:
  StatsCallback(Napi::Env env, std::shared_ptr<Funnel> funnel)
      : deferred_(Napi::Promise::Deferred::New(env)), funnel_(std::move(funnel)) {}
  Napi::Promise promise() const { return deferred_.Promise(); }

  void OnStatsDelivered(const rtc::scoped_refptr<const webrtc::RTCStatsReport>& report) override {
    std::string json = report->ToJson();
    rtc::scoped_refptr<StatsCallback> self(this);
    funnel_->Post([self, json = std::move(json)](Napi::Env env) {
      self->deferred_.Resolve(Napi::String::New(env, json));
    });
  }

 private:
  Napi::Promise::Deferred deferred_;  // JS thread only
  std::shared_ptr<Funnel> funnel_;
};

}  // namespace

Napi::Value Stats::Collect(Napi::Env env, const std::shared_ptr<Funnel>& funnel, webrtc::PeerConnectionInterface* pc) {
  auto callback = rtc::make_ref_counted<StatsCallback>(env, funnel);
  pc->GetStats(callback.get());
  return callback->promise();
}

Napi::Value Stats::Collect(Napi::Env env, const std::shared_ptr<Funnel>& funnel, webrtc::PeerConnectionInterface* pc,
                           rtc::scoped_refptr<webrtc::RtpSenderInterface> sender) {
  auto callback = rtc::make_ref_counted<StatsCallback>(env, funnel);
  pc->GetStats(std::move(sender), callback);
  return callback->promise();
}

Napi::Value Stats::Collect(Napi::Env env, const std::shared_ptr<Funnel>& funnel, webrtc::PeerConnectionInterface* pc,
                           rtc::scoped_refptr<webrtc::RtpReceiverInterface> receiver) {
  auto callback = rtc::make_ref_counted<StatsCallback>(env, funnel);
  pc->GetStats(std::move(receiver), callback);
  return callback->promise();
}

}  // namespace nlw
