namespace MlNetHpo.Storage;

/// <summary>The rule every store applies when a study is reopened: same definition, or a clear error.</summary>
internal static class StudyDefinitions
{
    public static void Check(string study, string stored, string given)
    {
        if (stored != given)
        {
            throw new StudyMismatchException(
                $"The study '{study}' was created with a different search (space, tuner, folds or metrics); open it with the same " +
                $"search or use another study name.\n  stored: {stored}\n  given:  {given}");
        }
    }
}
