namespace MlNetHpo.AutoML;

/// <summary>
/// A small seeded generator (SplitMix64) whose output is fixed by this code alone, unlike
/// System.Random whose algorithm may change between .NET versions: same seed, same search, forever.
/// </summary>
internal sealed class SplitMixRandom
{
    private ulong _state;

    public SplitMixRandom(long seed, long stream = 0) =>
        _state = Mix((ulong)seed ^ Mix((ulong)stream + 0x632BE59BD9B4E019UL));

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform on [0, <paramref name="bound"/>), without modulo bias.</summary>
    public long NextInt64(long bound) => (long)NextInt64((ulong)bound);

    /// <summary>Uniform on [0, <paramref name="bound"/>), without modulo bias; bound 0 means the full 2^64 range.</summary>
    public ulong NextInt64(ulong bound)
    {
        if (bound == 0)
        {
            return NextUInt64();
        }

        var limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong draw;
        do
        {
            draw = NextUInt64();
        }
        while (draw >= limit);
        return draw % bound;
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
