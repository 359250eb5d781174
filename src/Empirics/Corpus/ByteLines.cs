namespace ProbSig.Empirics.Corpus;

/// <summary>One line of raw bytes (without its "\n" or "\r\n"), its 1-based number and the
/// byte offset where it starts in the (decompressed) stream.</summary>
public readonly record struct ByteLine(long Number, long Offset, ReadOnlyMemory<byte> Bytes);

/// <summary>
/// Splits a stream into lines of raw bytes in bounded memory (one line at a time), so each
/// line can be validated as UTF-8 with an exact byte offset. Splitting on the byte 0x0A is
/// safe for UTF-8: it never occurs inside a multi-byte sequence.
/// </summary>
public static class ByteLines
{
    /// <summary>The lines of <paramref name="stream"/>; a final line without "\n" is included.</summary>
    public static IEnumerable<ByteLine> Read(Stream stream, CancellationToken cancellationToken = default)
    {
        var chunk = new byte[1 << 16];
        var line = new MemoryStream();
        long number = 0, offset = 0, lineStart = 0;
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = 0;
            while (start < read)
            {
                var newline = Array.IndexOf(chunk, (byte)'\n', start, read - start);
                if (newline < 0)
                {
                    line.Write(chunk, start, read - start);
                    break;
                }
                line.Write(chunk, start, newline - start);
                yield return new ByteLine(++number, lineStart, Trimmed(line));
                lineStart = offset + newline + 1;
                line.SetLength(0);
                start = newline + 1;
            }
            offset += read;
        }
        if (line.Length > 0) yield return new ByteLine(++number, lineStart, Trimmed(line));
    }

    // A copy, so a consumer may keep it after the next line is read.
    private static ReadOnlyMemory<byte> Trimmed(MemoryStream line)
    {
        var bytes = line.ToArray();
        return bytes.Length > 0 && bytes[^1] == '\r' ? bytes.AsMemory(0, bytes.Length - 1) : bytes;
    }
}
