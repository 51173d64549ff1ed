package org.proxytrunks.benchmark.stats;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RatesAndFormatTest {

    @Test
    void ratePerSecondFromACountAndNanoseconds() {
        assertThat(Rates.perSecond(500, 2_000_000_000L)).isEqualTo(250.0);
        assertThat(Rates.perSecond(3, 1_500_000_000L)).isCloseTo(2.0, within(1e-12));
        assertThat(Rates.perSecond(10, 0)).isZero();
        assertThat(Rates.perSecond(0, 1_000_000_000L)).isZero();
    }

    @Test
    void ratioNeedsTwoKnownValuesAndAPositiveBaseline() {
        assertThat(Rates.ratio(50.0, 1000.0)).isEqualTo(0.05);
        assertThat(Rates.ratio(300.0, 100.0)).isEqualTo(3.0);
        assertThat(Rates.ratio(null, 100.0)).isNull();
        assertThat(Rates.ratio(1.0, null)).isNull();
        assertThat(Rates.ratio(1.0, 0.0)).isNull();
        assertThat(Rates.ratio(Double.NaN, 2.0)).isNull();
    }

    @Test
    void numbersKeepAFewSignificantDigits() {
        assertThat(Format.number(12345.6)).isEqualTo("12,346");
        assertThat(Format.number(123.4)).isEqualTo("123");
        assertThat(Format.number(45.67)).isEqualTo("45.7");
        assertThat(Format.number(4.567)).isEqualTo("4.57");
        assertThat(Format.number(0.4567)).isEqualTo("0.457");
        assertThat(Format.number(0)).isEqualTo("0.00");
        assertThat(Format.number(Double.NaN)).isEqualTo("n/a");
    }

    @Test
    void ratesLatenciesAndRatiosHaveTheirUnits() {
        assertThat(Format.rate(1999.5)).isEqualTo("2,000/s");
        assertThat(Format.rate(49.84)).isEqualTo("49.8/s");
        assertThat(Format.ms(12.34)).isEqualTo("12.3 ms");
        assertThat(Format.ms(1.5, 20.25, 300.0, 4000.0)).isEqualTo("1.50 / 20.3 / 300 / 4,000 ms");
        assertThat(Format.ratio(0.0534)).isEqualTo("0.053x");
        assertThat(Format.ratio(0.25)).isEqualTo("0.25x");
        assertThat(Format.ratio(3.14)).isEqualTo("3.1x");
        assertThat(Format.ratio(1234.0)).isEqualTo("1,234x");
        assertThat(Format.ratio(null)).isEqualTo("n/a");
    }

    @Test
    void roundingForTheJsonReport() {
        assertThat(Format.round(1.23456, 2)).isEqualTo(1.23);
        assertThat(Format.round(1.235, 1)).isEqualTo(1.2);
        assertThat(Format.round(Double.NaN, 2)).isNaN();
    }
}
