using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace ProbSig.Empirics.Embeddings.WordVectors;

/// <summary>
/// Word vectors in GloVe's text format ("word v1 ... vd" a line, space-separated) or word2vec's
/// (the same lines after a first line "COUNT DIM"), plain or gzipped. The file is streamed in
/// byte chunks and each line parsed in place, so a multi-gigabyte file never sits in memory
/// as text beside its table.
/// <para>Every line must have the dimension of the first (or of the header): a short or long
/// line is a damaged file, not a word to skip, since skipping would silently shift coverage.
/// A word seen twice keeps its first row (some published files repeat words); the repeats are
/// counted and reported.</para>
/// </summary>
public static class GloveText
{
    /// <summary>The read chunk, a megabyte; a line longer than the chunk grows it.</summary>
    public const int DefaultBufferSize = 1 << 20;

    /// <summary>Reads the table in <paramref name="path"/> (gzip detected by its magic bytes).</summary>
    /// <param name="path">A GloVe or word2vec text file, optionally gzipped.</param>
    /// <param name="progress">Receives a line for the finished read and for any repeated words.</param>
    /// <param name="bufferSize">The read chunk's starting size (small in tests, to exercise refills).</param>
    /// <exception cref="EmbeddingException">A missing or empty file, a line of the wrong length,
    /// a value that is not a number, or a word2vec header whose count does not match; the
    /// message names the file and the line.</exception>
    public static EmbeddingTable Read(string path, IProgress<string>? progress = null, int bufferSize = DefaultBufferSize)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferSize, 1);
        if (!File.Exists(path)) throw new EmbeddingException($"{path}: no such word-vector file");
        try
        {
            using var stream = Open(path);
            return Read(stream, path, progress, bufferSize);
        }
        catch (InvalidDataException e)
        {
            throw new EmbeddingException($"{path}: the gzip stream is damaged ({e.Message})", e);
        }
    }

    private static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[2];
        var n = file.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        file.Position = 0;
        return n == 2 && magic[0] == 0x1F && magic[1] == 0x8B ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    private static EmbeddingTable Read(Stream stream, string path, IProgress<string>? progress, int bufferSize)
    {
        var state = new Builder(path);
        var buffer = new byte[bufferSize];
        int filled = 0;
        long line = 0;
        while (true)
        {
            if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
            var read = stream.Read(buffer, filled, buffer.Length - filled);
            var end = filled + read;
            var start = 0;
            while (true)
            {
                var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (newline < 0) break;
                state.Line(buffer.AsSpan(start, newline), ++line);
                start += newline + 1;
            }
            if (read == 0)
            {
                if (start < end) state.Line(buffer.AsSpan(start, end - start), ++line);
                break;
            }
            // Keep the unfinished line at the front for the next chunk.
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            filled = end - start;
        }
        var table = state.Finish();
        if (state.Duplicates > 0)
            progress?.Report($"{path}: {state.Duplicates} repeated words kept their first vector (first repeat '{state.FirstDuplicate}' on line {state.FirstDuplicateLine})");
        progress?.Report($"{path}: {table.Count} words x {table.Dimension}");
        return table;
    }

    /// <summary>The table as it fills: the dimension (from the header or the first line), the words, and the values in one array growing by doubling.</summary>
    private sealed class Builder(string path)
    {
        private readonly List<string> words = [];
        private readonly HashSet<string> seen = new(StringComparer.Ordinal);
        private float[] values = [];
        private int dimension;
        private long headerCount = -1;
        private long rowsRead;
        private long lastLine;

        public long Duplicates { get; private set; }
        public string? FirstDuplicate { get; private set; }
        public long FirstDuplicateLine { get; private set; }

        public void Line(ReadOnlySpan<byte> bytes, long number)
        {
            lastLine = number;
            if (bytes.Length > 0 && bytes[^1] == (byte)'\r') bytes = bytes[..^1];
            bytes = bytes.TrimEnd((byte)' ');
            if (bytes.IsEmpty) throw new EmbeddingException($"{path}:{number}: empty line");
            if (number == 1 && TryHeader(bytes)) return;

            var space = bytes.IndexOf((byte)' ');
            if (space <= 0) throw new EmbeddingException($"{path}:{number}: a word with no values");
            var wordBytes = bytes[..space];
            var rest = bytes[(space + 1)..];
            if (dimension == 0)
            {
                dimension = Fields(rest);
                values = new float[(int)Math.Min(Array.MaxLength, dimension * 1024L)];
            }
            rowsRead++;
            if (headerCount >= 0 && rowsRead > headerCount)
                throw new EmbeddingException($"{path}:{number}: more rows than the header's {headerCount}");

            var row = words.Count;
            EnsureRoom((long)(row + 1) * dimension);
            var target = values.AsSpan(row * dimension, dimension);
            var count = 0;
            while (!rest.IsEmpty)
            {
                var next = rest.IndexOf((byte)' ');
                var field = next < 0 ? rest : rest[..next];
                rest = next < 0 ? [] : rest[(next + 1)..];
                if (field.IsEmpty) continue;
                if (count == dimension)
                    throw new EmbeddingException($"{path}:{number}: more than {dimension} values after '{Word(wordBytes, number)}'");
                if (!DecimalFloat.TryParse(field, out target[count]))
                    throw new EmbeddingException($"{path}:{number}: '{Encoding.UTF8.GetString(field)}' is not a number");
                count++;
            }
            if (count != dimension)
                throw new EmbeddingException($"{path}:{number}: {count} values after '{Word(wordBytes, number)}', expected {dimension}");

            var word = Word(wordBytes, number);
            if (!seen.Add(word))
            {
                if (Duplicates++ == 0) (FirstDuplicate, FirstDuplicateLine) = (word, number);
                return; // the row's slot is reused by the next word
            }
            words.Add(word);
        }

        public EmbeddingTable Finish()
        {
            if (words.Count == 0) throw new EmbeddingException($"{path}: empty; no word vectors");
            if (headerCount >= 0 && rowsRead != headerCount)
                throw new EmbeddingException($"{path}:{lastLine}: the header promised {headerCount} rows, the file has {rowsRead}");
            var length = words.Count * dimension;
            if (values.Length != length) Array.Resize(ref values, length);
            return new EmbeddingTable(path, words, dimension, values);
        }

        // word2vec's first line: exactly two integers, the row count and the dimension.
        private bool TryHeader(ReadOnlySpan<byte> bytes)
        {
            var space = bytes.IndexOf((byte)' ');
            if (space <= 0 || bytes[(space + 1)..].IndexOf((byte)' ') >= 0) return false;
            if (!long.TryParse(bytes[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
                || !int.TryParse(bytes[(space + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var dim)) return false;
            if (dim < 1 || count < 1 || count * dim > Array.MaxLength)
                throw new EmbeddingException($"{path}:1: header '{count} {dim}' is not a usable row count and dimension");
            (headerCount, dimension) = (count, dim);
            values = new float[count * dim];
            return true;
        }

        private void EnsureRoom(long needed)
        {
            if (needed <= values.Length) return;
            if (needed > Array.MaxLength) throw new EmbeddingException($"{path}: more than {Array.MaxLength} values; too large for one table");
            var size = Math.Min(Array.MaxLength, Math.Max(needed, 2L * values.Length));
            Array.Resize(ref values, (int)size);
        }

        private string Word(ReadOnlySpan<byte> bytes, long number)
        {
            try
            {
                return Strict.GetString(bytes);
            }
            catch (DecoderFallbackException e)
            {
                throw new EmbeddingException($"{path}:{number}: the word is not valid UTF-8", e);
            }
        }

        private static int Fields(ReadOnlySpan<byte> rest)
        {
            var count = 0;
            foreach (var range in rest.Split((byte)' '))
                if (range.End.Value > range.Start.Value) count++;
            return count;
        }

        private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    }
}
