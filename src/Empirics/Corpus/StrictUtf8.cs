using System.Buffers;
using System.Text.Unicode;

namespace ProbSig.Empirics.Corpus;

/// <summary>
/// UTF-8 decoding that refuses invalid bytes instead of replacing them with U+FFFD, and says
/// where the first bad byte is, so a mis-encoded input never silently changes the counts.
/// </summary>
public static class StrictUtf8
{
    /// <summary>Decodes <paramref name="bytes"/>, or returns null and the offset (within
    /// <paramref name="bytes"/>) of the first invalid or incomplete sequence.</summary>
    public static string? TryDecode(ReadOnlySpan<byte> bytes, out long invalidOffset)
    {
        invalidOffset = -1;
        // UTF-16 never needs more chars than the UTF-8 had bytes.
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, bytes.Length));
        try
        {
            var status = Utf8.ToUtf16(bytes, buffer, out var read, out var written, replaceInvalidSequences: false, isFinalBlock: true);
            if (status == System.Buffers.OperationStatus.Done) return new string(buffer, 0, written);
            invalidOffset = read;
            return null;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>Strips a leading UTF-8 byte-order mark, which is not text.</summary>
    public static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? bytes[3..] : bytes;
}
