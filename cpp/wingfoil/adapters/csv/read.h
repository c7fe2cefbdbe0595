#pragma once
// CsvReadStream<Out>: csv_read, a historical source that ticks once per CSV row at the row's time.
// Rows sharing a timestamp each get their own cycle, 1 ns apart, in file order (the engine's rule
// for a callback due at or before the current cycle). Rows before the run's start are skipped.
// The file is read one row ahead, lazily, on the engine thread; Out is built from the CsvRow (the
// Python bindings turn it into a dict only when Python reads it). Realtime runs are rejected.

#include "wingfoil/adapters/csv/row_source.h"
#include "wingfoil/core/error.h"
#include "wingfoil/engine/graph.h"
#include "wingfoil/engine/stream.h"

#include <memory>
#include <string>

namespace wingfoil::adapters::csv {

template <class Out = CsvRow>
class CsvReadStream : public Stream<Out> {
public:
    /// Opens the file and reads its header now; throws FileNotFoundError if it is missing.
    CsvReadStream(std::string path, std::string time_column, TimeFormat format = {})
        : source_(std::move(path), std::move(time_column), format) {}

    void start(Graph& graph) override {
        if (graph.realtime()) {
            throw ValueError("csv_read supports historical mode only (run with realtime=False)");
        }
        // A row read ahead by an earlier run is kept unless it is before this run's start.
        if (has_pending_ && pending_.time < graph.start_time()) {
            has_pending_ = false;
        }
        if (!has_pending_) {
            has_pending_ = source_.next(pending_, graph.start_time());
        }
        if (has_pending_) {
            graph.add_callback(pending_.time, *this);
        }
    }

    bool cycle(Graph& graph) override {
        if (!has_pending_) {
            return false;
        }
        this->value_ = Out(std::move(pending_));
        pending_ = CsvRow{};
        has_pending_ = source_.next(pending_, graph.start_time());
        if (has_pending_) {
            graph.add_callback(pending_.time, *this);
        }
        return true;
    }

    std::string type_name() const override { return "CsvReadStream"; }

private:
    CsvRowSource source_;
    CsvRow pending_; // the next row to emit, read ahead
    bool has_pending_ = false;
};

} // namespace wingfoil::adapters::csv
