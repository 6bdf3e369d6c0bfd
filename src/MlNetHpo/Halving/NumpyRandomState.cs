namespace MlNetHpo.Halving;

/// <summary>
/// numpy's legacy <c>RandomState(seed)</c> as far as scikit-learn's row subsampling uses it: the MT19937 generator seeded by
/// <c>init_genrand</c> and <c>shuffle</c> of a 1-d array (Fisher-Yates from the end, each index drawn by masked rejection,
/// numpy's <c>random_interval</c>). Replicated so that a halving search subsamples exactly the rows scikit-learn does.
/// </summary>
internal sealed class NumpyRandomState
{
    private const int N = 624;
    private const int M = 397;
    private readonly uint[] _state = new uint[N];
    private int _position;

    /// <summary>numpy's <c>RandomState(seed)</c> for a seed in [0, 2^32).</summary>
    public NumpyRandomState(uint seed)
    {
        _state[0] = seed;
        for (var i = 1; i < N; i++)
        {
            _state[i] = unchecked((1812433253u * (_state[i - 1] ^ (_state[i - 1] >> 30))) + (uint)i);
        }

        _position = N;
    }

    /// <summary>The next 32 random bits (MT19937's <c>genrand_int32</c>).</summary>
    public uint NextUInt32()
    {
        if (_position >= N)
        {
            Generate();
        }

        var y = _state[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680u;
        y ^= (y << 15) & 0xefc60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>A uniform integer in [0, <paramref name="max"/>] by numpy's masked rejection (<c>random_interval</c>).</summary>
    public long Interval(long max)
    {
        if (max == 0)
        {
            return 0;
        }

        var mask = (ulong)max;
        mask |= mask >> 1;
        mask |= mask >> 2;
        mask |= mask >> 4;
        mask |= mask >> 8;
        mask |= mask >> 16;
        mask |= mask >> 32;
        ulong value;
        if ((ulong)max <= uint.MaxValue)
        {
            while ((value = NextUInt32() & mask) > (ulong)max)
            {
            }
        }
        else
        {
            while ((value = NextUInt64() & mask) > (ulong)max)
            {
            }
        }

        return (long)value;
    }

    /// <summary>Shuffles <paramref name="items"/> in place as <c>RandomState.shuffle</c> does a 1-d array.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = (int)Interval(i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private ulong NextUInt64() => ((ulong)NextUInt32() << 32) | NextUInt32();

    private void Generate()
    {
        const uint upper = 0x80000000u;
        const uint lower = 0x7fffffffu;
        for (var k = 0; k < N; k++)
        {
            var y = (_state[k] & upper) | (_state[(k + 1) % N] & lower);
            _state[k] = _state[(k + M) % N] ^ (y >> 1) ^ ((y & 1) == 0 ? 0u : 0x9908b0dfu);
        }

        _position = 0;
    }
}
