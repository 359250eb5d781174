using ZstdSharp;

namespace ProbSig.Empirics.Corpus;

/// <summary>
/// Streaming zstd decompression that turns a truncated or corrupt stream into an error naming
/// the file, never an early end of data (which would silently shorten every count).
/// </summary>
internal sealed class ZstdGuardStream(string file, Stream compressed) : Stream
{
    // checkEndOfStream: a frame cut short throws instead of reading as a clean end.
    private readonly DecompressionStream inner = new(compressed, checkEndOfStream: true, leaveOpen: false);
    private long produced;

    public override int Read(byte[] buffer, int offset, int count)
    {
        try
        {
            var read = inner.Read(buffer, offset, count);
            produced += read;
            return read;
        }
        catch (Exception e) when (e is ZstdException or EndOfStreamException or InvalidDataException)
        {
            throw new CorpusException($"{file}: truncated or corrupt zstd stream (after {produced} decompressed bytes: {e.Message})", e);
        }
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => produced; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
