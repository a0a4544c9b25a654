#include "row_bands.h"

#include <algorithm>
#include <atomic>
#include <system_error>
#include <thread>

namespace nlw {

namespace {

constexpr size_t kParallelFromPixels = 640 * 480;

// One conversion in flight; it lives on the caller's stack until no helper is attached to it.
struct RowBandJob {
  ConvertRows convert;
  const void* context;
  int rows;
  int band_rows;
  int bands;
  std::atomic<int> next_band{0};

  void RunBands() {
    for (int band = next_band.fetch_add(1); band < bands; band = next_band.fetch_add(1)) {
      int first_row = band * band_rows;
      convert(context, first_row, std::min(band_rows, rows - first_row));
    }
  }
};

// Process-wide and trivially destructible: the detached helper may still wait on them while exit() runs.
std::atomic_flag g_busy;                   // set while a caller owns the helper
std::atomic<RowBandJob*> g_job{nullptr};   // the job the helper may join
std::atomic<unsigned> g_generation{0};     // bumped to wake the helper
std::atomic<int> g_attached{0};            // helpers that may be reading g_job's job

void HelperLoop() {
  unsigned seen = 0;
  for (;;) {
    g_generation.wait(seen);
    seen = g_generation.load();
    // Attach before reading the job (both seq_cst): the caller, having cleared g_job, waits for detach.
    g_attached.fetch_add(1);
    if (RowBandJob* job = g_job.load()) job->RunBands();
    g_attached.fetch_sub(1);
    g_attached.notify_all();
  }
}

bool HelperAvailable() {
  static const bool available = [] {
    if (std::thread::hardware_concurrency() < 2) return false;
    try {
      std::thread(HelperLoop).detach();  // never joined: it holds no resources and must not delay exit
      return true;
    } catch (const std::system_error&) {
      return false;  // no thread to be had: every conversion runs on its caller
    }
  }();
  return available;
}

}  // namespace

void ConvertInRowBands(int rows, int band_rows, size_t pixels, ConvertRows convert, const void* context) {
  if (pixels < kParallelFromPixels || rows < 2 * band_rows || !HelperAvailable() ||
      g_busy.test_and_set(std::memory_order_acquire)) {
    convert(context, 0, rows);
    return;
  }
  RowBandJob job{convert, context, rows, band_rows, (rows + band_rows - 1) / band_rows};
  g_job.store(&job);
  g_generation.fetch_add(1);
  g_generation.notify_one();
  job.RunBands();
  g_job.store(nullptr);
  for (int attached = g_attached.load(); attached != 0; attached = g_attached.load()) g_attached.wait(attached);
  g_busy.clear(std::memory_order_release);
}

}  // namespace nlw
