namespace MlNetHpo.Halving;

/// <summary>
/// numpy 1.24's <c>np.argsort</c> of a float64 array with the default kind (its introsort: median-of-three quicksort, insertion
/// sort below 17 elements, heapsort past the depth limit), NaN last. It is not stable, so which of tied candidates successive
/// halving keeps, and in which order, is this exact procedure's: replicated so ties are broken as scikit-learn breaks them.
/// </summary>
internal static class NumpyArgSort
{
    private const int SmallQuicksort = 15;

    /// <summary>The permutation that sorts <paramref name="values"/> ascending, as numpy returns it.</summary>
    public static int[] ArgSort(IReadOnlyList<double> values)
    {
        var v = values;
        var order = Enumerable.Range(0, values.Count).ToArray();
        var num = order.Length;
        if (num < 2)
        {
            return order;
        }

        var stack = new Stack<(int Left, int Right, int Depth)>();
        var (pl, pr) = (0, num - 1);
        var depth = 2 * MostSignificantBit(num);
        while (true)
        {
            if (depth < 0)
            {
                HeapSort(v, order, pl, pr - pl + 1);
            }
            else
            {
                while (pr - pl > SmallQuicksort)
                {
                    var pm = pl + ((pr - pl) >> 1);
                    if (Less(v[order[pm]], v[order[pl]]))
                    {
                        Swap(order, pm, pl);
                    }

                    if (Less(v[order[pr]], v[order[pm]]))
                    {
                        Swap(order, pr, pm);
                    }

                    if (Less(v[order[pm]], v[order[pl]]))
                    {
                        Swap(order, pm, pl);
                    }

                    var vp = v[order[pm]];
                    var pi = pl;
                    var pj = pr - 1;
                    Swap(order, pm, pj);
                    while (true)
                    {
                        do
                        {
                            pi++;
                        }
                        while (Less(v[order[pi]], vp));
                        do
                        {
                            pj--;
                        }
                        while (Less(vp, v[order[pj]]));
                        if (pi >= pj)
                        {
                            break;
                        }

                        Swap(order, pi, pj);
                    }

                    Swap(order, pi, pr - 1);

                    // The larger part waits on the stack; the loop goes on with the smaller.
                    if (pi - pl < pr - pi)
                    {
                        stack.Push((pi + 1, pr, --depth));
                        pr = pi - 1;
                    }
                    else
                    {
                        stack.Push((pl, pi - 1, --depth));
                        pl = pi + 1;
                    }
                }

                for (var pi = pl + 1; pi <= pr; pi++)
                {
                    var vi = order[pi];
                    var vp = v[vi];
                    var pj = pi;
                    while (pj > pl && Less(vp, v[order[pj - 1]]))
                    {
                        order[pj] = order[pj - 1];
                        pj--;
                    }

                    order[pj] = vi;
                }
            }

            if (stack.Count == 0)
            {
                return order;
            }

            (pl, pr, depth) = stack.Pop();
        }
    }

    // numpy's float ordering: NaN after every number.
    private static bool Less(double a, double b) => a < b || (double.IsNaN(b) && !double.IsNaN(a));

    private static int MostSignificantBit(int n)
    {
        var bit = 0;
        while ((n >>= 1) != 0)
        {
            bit++;
        }

        return bit;
    }

    private static void Swap(int[] order, int a, int b) => (order[a], order[b]) = (order[b], order[a]);

    // numpy's aheapsort on order[start .. start + n), 1-based as numpy indexes it.
    private static void HeapSort(IReadOnlyList<double> v, int[] order, int start, int n)
    {
        int A(int k) => order[start + k - 1];
        void Set(int k, int value) => order[start + k - 1] = value;
        for (var l = n >> 1; l > 0; l--)
        {
            Sift(l, n, A(l));
        }

        for (; n > 1;)
        {
            var tmp = A(n);
            Set(n, A(1));
            n--;
            Sift(1, n, tmp);
        }

        void Sift(int i, int size, int tmp)
        {
            for (var j = i << 1; j <= size;)
            {
                if (j < size && Less(v[A(j)], v[A(j + 1)]))
                {
                    j++;
                }

                if (Less(v[tmp], v[A(j)]))
                {
                    Set(i, A(j));
                    i = j;
                    j += j;
                }
                else
                {
                    break;
                }
            }

            Set(i, tmp);
        }
    }
}
