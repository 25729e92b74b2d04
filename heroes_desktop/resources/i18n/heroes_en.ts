<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>Categoriser</name>
    <message numerus="yes">
        <source>%1 on %n file(s)</source>
        <translation>
            <numerusform>%1 on %n file</numerusform>
            <numerusform>%1 on %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Bookmark “%1” on %n file(s)</source>
        <translation>
            <numerusform>Bookmark “%1” on %n file</numerusform>
            <numerusform>Bookmark “%1” on %n files</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CategoryModel</name>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EvidenceTreeModel</name>
    <message numerus="yes">
        <source>%n file(s) directly here</source>
        <translation>
            <numerusform>%n file directly here</numerusform>
            <numerusform>%n files directly here</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExposureMonitor</name>
    <message numerus="yes">
        <source>%n minute(s) without a break</source>
        <translation>
            <numerusform>%n minute without a break</numerusform>
            <numerusform>%n minutes without a break</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n clear view(s) of flagged material since your last break</source>
        <translation>
            <numerusform>%n clear view of flagged material since your last break</numerusform>
            <numerusform>%n clear views of flagged material since your last break</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FileTableView</name>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HashSetConfirmDialog</name>
    <message numerus="yes">
        <source>%n file(s) categorised from their hash sets; none was shown</source>
        <translation>
            <numerusform>%n file categorised from its hash sets; it was not shown</numerusform>
            <numerusform>%n files categorised from their hash sets; none was shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) matched only perceptually: left to you, since a perceptual match means the picture looks like a listed one, not that it is the same file.</source>
        <translation>
            <numerusform>%n file matched only perceptually: left to you, since a perceptual match means the picture looks like a listed one, not that it is the same file.</numerusform>
            <numerusform>%n files matched only perceptually: left to you, since a perceptual match means the picture looks like a listed one, not that it is the same file.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) whose exact hash-set matches disagree on the category: left to you, since no set decides them.</source>
        <translation>
            <numerusform>%n file whose exact hash-set matches disagree on the category: left to you, since no set decides it.</numerusform>
            <numerusform>%n files whose exact hash-set matches disagree on the category: left to you, since no set decides them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s): %1 from %2</source>
        <translation>
            <numerusform>%n file: %1 from %2</numerusform>
            <numerusform>%n files: %1 from %2</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Confirming %n file(s), without showing them…</source>
        <translation>
            <numerusform>Confirming %n file, without showing it…</numerusform>
            <numerusform>Confirming %n files, without showing them…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LinksGraphView</name>
    <message numerus="yes">
        <source>%n shared document(s)</source>
        <translation>
            <numerusform>%n shared document</numerusform>
            <numerusform>%n shared documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NearDuplicateDialog</name>
    <message numerus="yes">
        <source>%1 carried to %n file(s)</source>
        <translation>
            <numerusform>%1 carried to %n file</numerusform>
            <numerusform>%1 carried to %n files</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n picture(s) in the near-duplicate group of %1</source>
        <translation>
            <numerusform>%n picture in the near-duplicate group of %1</numerusform>
            <numerusform>%n pictures in the near-duplicate group of %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Writing %1 on %n file(s)…</source>
        <translation>
            <numerusform>Writing %1 on %n file…</numerusform>
            <numerusform>Writing %1 on %n files…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PeopleView</name>
    <message numerus="yes">
        <source>%n entities</source>
        <translation>
            <numerusform>%n entity</numerusform>
            <numerusform>%n entities</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 %2 — %n shared document(s)</source>
        <translation>
            <numerusform>%1 %2 — %n shared document</numerusform>
            <numerusform>%1 %2 — %n shared documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n linked entities</source>
        <translation>
            <numerusform>%n linked entity</numerusform>
            <numerusform>%n linked entities</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Merged: %n file(s) now count under %1</source>
        <translation>
            <numerusform>Merged: %n file now counts under %1</numerusform>
            <numerusform>Merged: %n files now count under %1</numerusform>
        </translation>
    </message>
</context>
</TS>
