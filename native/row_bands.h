// Row bands: a large frame conversion (libyuv, synchronous on the JS thread) split between the calling
// thread and one process-wide helper thread, so that it takes about half the time on a machine with a second
// core. The caller never waits for a helper that is busy elsewhere: both claim bands of rows from a shared
// counter, and the caller converts whatever the helper has not claimed.
#ifndef NLW_ROW_BANDS_H_
#define NLW_ROW_BANDS_H_

#include <cstddef>

namespace nlw {

// Calls convert(context, first_row, row_count) over rows [0, rows) in bands of `band_rows` (even, so that
// 4:2:0 chroma rows never straddle two bands). Frames smaller than 640x480 (waking the helper would cost
// more than it saves), a second caller while a conversion is in flight (a worker thread) and single-core
// machines convert on the calling thread only. Returns when every band is converted.
using ConvertRows = void (*)(const void* context, int first_row, int row_count);
void ConvertInRowBands(int rows, int band_rows, size_t pixels, ConvertRows convert, const void* context);

}  // namespace nlw

#endif  // NLW_ROW_BANDS_H_
