#include "stats.h"

#include <cmath>
#include <cstdio>
#include <string_view>

#include "api/stats/rtc_stats_collector_callback.h"
#include "api/stats/rtc_stats_report.h"
#include "funnel.h"

namespace nlw {

namespace {

using Member = webrtc::RTCStatsMemberInterface;

void AppendString(std::string& out, std::string_view text) {
  out += '"';
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  out += '"';
}

void AppendNumber(std::string& out, double value) {
  char text[32];
  out.append(text, std::snprintf(text, sizeof text, "%.16g", value));
}

template <typename T>
void AppendMap(std::string& out, const Member& member) {
  out += '{';
  const char* separator = "";
  for (const auto& [key, value] : *member.cast_to<webrtc::RTCStatsMember<std::map<std::string, T>>>()) {
    if (!std::isfinite(static_cast<double>(value))) continue;  // JSON has no NaN or Infinity
    out += separator;
    AppendString(out, key);
    out += ':';
    AppendNumber(out, static_cast<double>(value));
    separator = ",";
  }
  out += '}';
}

// Members this engine calls non-standard that webrtc-stats has since adopted (Chrome reports them); the
// engine's other non-standard members are left out, as Chrome leaves them out.
bool Reported(const Member& member) {
  if (!member.is_defined()) return false;
  if (member.type() == Member::kDouble && !std::isfinite(*member.cast_to<webrtc::RTCStatsMember<double>>())) return false;
  if (member.is_standardized()) return true;
  std::string_view name = member.name();
  return name == "totalAssemblyTime" || name == "framesAssembledFromMultiplePackets";
}

// The report as a JSON array. RTCStatsReport::ToJson() would do, but it writes strings unescaped: a data
// channel label with a quote (the remote peer chooses it) made every getStats() fail to parse.
std::string ReportJson(const webrtc::RTCStatsReport& report) {
  std::string out = "[";
  for (const webrtc::RTCStats& stats : report) {
    if (out.size() > 1) out += ',';
    out += "{\"type\":";
    AppendString(out, stats.type());
    out += ",\"id\":";
    AppendString(out, stats.id());
    out += ",\"timestamp\":";
    AppendNumber(out, static_cast<double>(stats.timestamp_us()));
    for (const Member* member : stats.Members()) {
      if (!Reported(*member)) continue;
      out += ',';
      AppendString(out, member->name());
      out += ':';
      switch (member->type()) {
        case Member::kString:
          AppendString(out, *member->cast_to<webrtc::RTCStatsMember<std::string>>());
          break;
        case Member::kSequenceString: {
          out += '[';
          const char* separator = "";
          for (const std::string& text : *member->cast_to<webrtc::RTCStatsMember<std::vector<std::string>>>()) {
            out += separator;
            AppendString(out, text);
            separator = ",";
          }
          out += ']';
          break;
        }
        case Member::kMapStringUint64: AppendMap<uint64_t>(out, *member); break;
        case Member::kMapStringDouble: AppendMap<double>(out, *member); break;
        default: out += member->ValueToJson(); break;  // booleans, numbers and sequences of them
      }
    }
    out += '}';
  }
  out += ']';
  return out;
}

class StatsCallback : public webrtc::RTCStatsCollectorCallback {
 public:
  StatsCallback(Napi::Env env, std::shared_ptr<Funnel> funnel)
      : deferred_(Napi::Promise::Deferred::New(env)), funnel_(std::move(funnel)) {}
  Napi::Promise promise() const { return deferred_.Promise(); }

  void OnStatsDelivered(const rtc::scoped_refptr<const webrtc::RTCStatsReport>& report) override {
    std::string json = ReportJson(*report);
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
