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
    <name>FileTableView</name>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n file</numerusform>
            <numerusform>%n files</numerusform>
        </translation>
    </message>
</context>
</TS>
