"""Customer experience surveys: a public link per project site, answered on a phone.

Each response becomes one evaluation of source ``customer``, held
(``counts=False``) until the survey is accepted; flagged responses wait
for an auditor's review.  The modules, in the order an answer travels:

* ``public_form``, ``answers``: the form's signed ticket and the checks of its answers;
* ``acceptance``: when a survey takes a response (the rule, written once);
* ``submission``, ``fastsql``: a posted questionnaire taken as one row;
* ``inbox``: waiting rows turned into responses (staff actions, ``drain_surveys``);
* ``responses``: the one place responses are created (online and paper);
* ``paper``, ``documents``: paper questionnaires and the poster, in people's words;
* ``services`` (writes), ``selectors`` (reads, never writing), ``views``.
"""
