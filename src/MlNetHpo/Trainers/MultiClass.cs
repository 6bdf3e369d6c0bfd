namespace MlNetHpo.Trainers;

/// <summary>How <see cref="LogisticRegressionTrainer"/> handles more than two classes (scikit-learn <c>multi_class</c>).</summary>
public enum MultiClass
{
    /// <summary>One-vs-rest for liblinear or two classes, multinomial otherwise (scikit-learn <c>"auto"</c>, the default).</summary>
    Auto,

    /// <summary>One binary problem per class (scikit-learn <c>"ovr"</c>); probabilities are the normalized sigmoids.</summary>
    Ovr,

    /// <summary>The multinomial (softmax) loss over all classes at once (scikit-learn <c>"multinomial"</c>); not with liblinear.</summary>
    Multinomial,
}
