//! The visible window of a long list: which rows to render for a scroll position, so a list of
//! 10,000 jobs renders only the few dozen rows on screen.

use core::ops::Range;

/// Fixed-height rows in a scrolling viewport.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowWindow {
    /// Height of one row, in pixels.
    pub row_height: f64,
    /// Height of the viewport, in pixels.
    pub viewport: f64,
    /// Extra rows rendered above and below, so fast scrolling shows no gaps.
    pub overscan: usize,
}

impl RowWindow {
    /// The rows to render when scrolled to `scroll_top`, out of `total`.
    pub fn range(&self, scroll_top: f64, total: usize) -> Range<usize> {
        if total == 0 || self.row_height <= 0.0 {
            return 0..0;
        }
        let first = (scroll_top.max(0.0) / self.row_height).floor() as usize;
        let visible = (self.viewport.max(0.0) / self.row_height).ceil() as usize + 1;
        let start = first.saturating_sub(self.overscan).min(total);
        let end = (first + visible + self.overscan).min(total);
        start..end
    }

    /// The height of the space above the rendered rows.
    pub fn offset(&self, range: &Range<usize>) -> f64 {
        range.start as f64 * self.row_height
    }

    /// The height of the whole list.
    pub fn total_height(&self, total: usize) -> f64 {
        total as f64 * self.row_height
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: RowWindow = RowWindow { row_height: 40.0, viewport: 400.0, overscan: 5 };

    #[test]
    fn only_the_rows_in_view_and_the_overscan_are_rendered() {
        assert_eq!(W.range(0.0, 10_000), 0..16);
        assert_eq!(W.range(4000.0, 10_000), 95..116);
        assert_eq!(W.range(399_990.0, 10_000), 9994..10_000);
        assert_eq!(W.offset(&(95..116)), 3800.0);
        assert_eq!(W.total_height(10_000), 400_000.0);
    }

    #[test]
    fn small_and_odd_inputs_stay_in_bounds() {
        assert_eq!(W.range(0.0, 0), 0..0);
        assert_eq!(W.range(-50.0, 3), 0..3);
        assert_eq!(W.range(1e12, 3), 3..3);
        assert_eq!(RowWindow { row_height: 0.0, ..W }.range(10.0, 5), 0..0);
    }
}
