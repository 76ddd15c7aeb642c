// How a picture is cut into tiles (H.265 6.5.1 with uniform_spacing_flag = 1): `columns` x `rows`
// rectangles of whole CTUs, column i spanning CTU columns [column_start(i), column_start(i + 1)).
// Tiles are coded one after another in raster order of tiles, each in raster order of its CTUs,
// each from the initial CABAC state; nothing is predicted across a tile boundary (6.4.1), so the
// tiles of a picture can be analysed side by side, one worker each.
#pragma once
#include <algorithm>
#include <vector>

namespace tc {

class TileGrid {
  public:
    TileGrid() : TileGrid(1, 1, 1, 1) {}
    // `columns` and `rows` are clamped to [1, ctu_columns] and [1, ctu_rows].
    TileGrid(int ctu_columns, int ctu_rows, int columns, int rows)
        : ctu_columns_(std::max(ctu_columns, 1)), ctu_rows_(std::max(ctu_rows, 1)) {
        columns = std::clamp(columns, 1, ctu_columns_);
        rows = std::clamp(rows, 1, ctu_rows_);
        // (6-3), (6-4): colBd[i] = (i * PicWidthInCtbsY) / num_tile_columns, rowBd likewise.
        for (int i = 0; i <= columns; i++) column_start_.push_back(i * ctu_columns_ / columns);
        for (int j = 0; j <= rows; j++) row_start_.push_back(j * ctu_rows_ / rows);
        tile_column_of_.resize(static_cast<size_t>(ctu_columns_));
        tile_row_of_.resize(static_cast<size_t>(ctu_rows_));
        for (int i = 0; i < columns; i++) {
            for (int c = column_start(i); c < column_start(i + 1); c++) tile_column_of_[static_cast<size_t>(c)] = i;
        }
        for (int j = 0; j < rows; j++) {
            for (int r = row_start(j); r < row_start(j + 1); r++) tile_row_of_[static_cast<size_t>(r)] = j;
        }
    }

    int columns() const { return static_cast<int>(column_start_.size()) - 1; }
    int rows() const { return static_cast<int>(row_start_.size()) - 1; }
    int count() const { return columns() * rows(); }
    bool tiled() const { return count() > 1; }
    // Tile column i covers CTU columns [column_start(i), column_start(i + 1)); rows likewise.
    int column_start(int i) const { return column_start_[static_cast<size_t>(i)]; }
    int row_start(int j) const { return row_start_[static_cast<size_t>(j)]; }
    int tile_column_of(int ctu_x) const { return tile_column_of_[static_cast<size_t>(ctu_x)]; }
    int tile_row_of(int ctu_y) const { return tile_row_of_[static_cast<size_t>(ctu_y)]; }
    // Tiles are numbered in raster order (their order in the bitstream, TileId).
    int tile_of(int ctu_x, int ctu_y) const { return tile_row_of(ctu_y) * columns() + tile_column_of(ctu_x); }
    int first_column_of_tile(int tile) const { return column_start(tile % columns()); }
    int end_column_of_tile(int tile) const { return column_start(tile % columns() + 1); }
    int first_row_of_tile(int tile) const { return row_start(tile / columns()); }
    int end_row_of_tile(int tile) const { return row_start(tile / columns() + 1); }

  private:
    int ctu_columns_, ctu_rows_;
    std::vector<int> column_start_, row_start_;  // columns + 1 / rows + 1 entries
    std::vector<int> tile_column_of_, tile_row_of_;
};

}  // namespace tc
