using System.Text.Json;

namespace ProbSig.Empirics.Embeddings.WordVectors;

/// <summary>
/// Word vectors in the wink-embeddings JSON layout: one object with "dimensions" (and "size",
/// "precision", "l2NormIndex", "wordIndex", "words", "unkVector"), whose "vectors" object maps
/// each word to its dimensions values followed by two more (the vector's l2 norm and the word's
/// index), which are counted but not kept. Rows are in the order of "vectors".
/// <para>The package's file is 307 MB of one JSON line, so it is read with
/// <see cref="Utf8JsonReader"/> over byte chunks of the file, the reader's state carried
/// from chunk to chunk and the unread tail of each chunk kept for the next: only the table
/// and one chunk are ever in memory.</para>
/// </summary>
public static class WinkJson
{
    /// <summary>The read chunk, a megabyte; a token longer than the chunk grows it.</summary>
    public const int DefaultBufferSize = 1 << 20;

    /// <summary>Reads the table in <paramref name="path"/>.</summary>
    /// <param name="path">A wink-embeddings JSON file.</param>
    /// <param name="progress">Receives a line for the finished read and for any repeated words or a "size" that does not match.</param>
    /// <param name="bufferSize">The read chunk's starting size (tiny in tests, to exercise every refill).</param>
    /// <exception cref="EmbeddingException">A missing file, invalid or truncated JSON, no
    /// "dimensions" before "vectors", or a vector of the wrong length; the message names the file.</exception>
    public static EmbeddingTable Read(string path, IProgress<string>? progress = null, int bufferSize = DefaultBufferSize)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        if (!File.Exists(path)) throw new EmbeddingException($"{path}: no such word-vector file");
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var parser = new WinkParser(path);
        var buffer = new byte[bufferSize];
        var state = new JsonReaderState();
        int filled = 0;
        long offset = 0; // file offset of buffer[0]
        while (true)
        {
            if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            filled += read;
            // Never a final block: the document ends at its closing brace, so running out of
            // bytes before it is "truncated", told apart from invalid JSON.
            var reader = new Utf8JsonReader(buffer.AsSpan(0, filled), isFinalBlock: false, state);
            try
            {
                while (!parser.Done && reader.Read()) parser.Token(ref reader);
            }
            catch (JsonException e)
            {
                throw new EmbeddingException($"{path}: not valid JSON near byte {offset + reader.BytesConsumed} ({e.Message})", e);
            }
            var consumed = (int)reader.BytesConsumed;
            if (parser.Done)
            {
                if (buffer.AsSpan(consumed, filled - consumed).IndexOfAnyExcept(" \t\r\n"u8) >= 0 || HasMore(stream))
                    throw new EmbeddingException($"{path}: content after the JSON object ends at byte {offset + consumed}");
                break;
            }
            if (read == 0)
                throw new EmbeddingException($"{path}: truncated JSON: the file ends at byte {offset + filled} inside {parser.Where}");
            state = reader.CurrentState;
            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;
            offset += consumed;
        }
        var table = parser.Finish();
        if (parser.Duplicates > 0)
            progress?.Report($"{path}: {parser.Duplicates} repeated words kept their first vector (first repeat '{parser.FirstDuplicate}')");
        if (parser.Size >= 0 && parser.Size != parser.VectorsRead)
            progress?.Report($"{path}: \"size\" says {parser.Size} words, \"vectors\" holds {parser.VectorsRead}");
        progress?.Report($"{path}: {table.Count} words x {table.Dimension}");
        return table;
    }

    private static bool HasMore(Stream stream)
    {
        Span<byte> one = stackalloc byte[256];
        int n;
        while ((n = stream.Read(one)) > 0)
            if (one[..n].IndexOfAnyExcept(" \t\r\n"u8) >= 0) return true;
        return false;
    }
}
