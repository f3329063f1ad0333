"""Scoring: from survey answers to the readiness results document.

Pure Python (numpy, scipy). The entry point is ``scoring.document.build_document``; the
modules it draws on are usable on their own:

- ``responses.Responses`` - the respondent × item matrix and segment answers;
- ``recode``, ``dimensions``, ``intervals``, ``reliability`` - item and dimension figures;
- ``index`` - the readiness index, gating, barrier;
- ``suppression``, ``segments``, ``gap``, ``trend`` - group comparisons under the anonymity rules;
- ``library``, ``recommend`` - the recommendation library and the 90-day plan.
"""
